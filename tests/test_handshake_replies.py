"""Handshake replies are not initial data (issue 9.1): the post-mortem's app with every
endpoint behind an auth handshake still shows exactly its two missing broadcasts."""

from __future__ import annotations

import json
import shutil

import pytest

from click.testing import CliRunner

from conftest import ROOT
from wscheck.cli import main

AUTH_HELPER = '''"""Socket authentication: the client's first message must carry a valid token."""

from fastapi import WebSocket, status

from services.tokens import verify_token


async def accept_authenticated(websocket: WebSocket) -> bool:
    await websocket.accept()
    message = await websocket.receive_json()
    if message.get("type") != "auth" or not verify_token(message.get("token")):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
        return False
    await websocket.send_json({"type": "session_ready", "user": message.get("user")})
    return True
'''


def _copy_with_handshake(tmp_path):
    target = tmp_path / "postmortem"
    shutil.copytree(ROOT / "examples" / "postmortem", target)
    server = target / "app" / "server"
    (server / "services" / "socket_auth.py").write_text(AUTH_HELPER, encoding="utf-8")
    (server / "services" / "tokens.py").write_text(
        "import hmac\nimport os\n\n\ndef verify_token(token):\n"
        "    return bool(token) and hmac.compare_digest(token, os.environ.get('WS_TOKEN', ''))\n",
        encoding="utf-8",
    )
    routes = server / "routes" / "websocket_routes.py"
    text = routes.read_text(encoding="utf-8")
    text = text.replace(
        "from services.adw_monitor import get_adw_monitor_data\n",
        "from services.adw_monitor import get_adw_monitor_data\nfrom services.socket_auth import accept_authenticated\n",
    )
    before = "    await manager.connect(websocket)\n"
    assert before in text
    text = text.replace(before, "    if not await accept_authenticated(websocket):\n        return\n" + before)
    routes.write_text(text, encoding="utf-8")
    return target


def test_postmortem_behind_an_auth_handshake_still_has_its_two_missing_broadcasts(tmp_path, monkeypatch):
    project = _copy_with_handshake(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, [".", "--format", "json", "--no-cache"])
    document = json.loads(result.output)
    ws101 = sorted((f["endpoint"], f["message_type"]) for f in document["findings"] if f["code"] == "WS101")
    assert ws101 == [
        ("/api/v1/ws/system-status", "system_status_update"),
        ("/api/v1/ws/webhook-status", "webhook_status_update"),
    ]
    assert result.exit_code == 1
    by_path = {e["path"]: e for e in document["endpoints"]}
    # the reply is seen (it is one of the endpoint's types) but asks for no broadcast
    assert "session_ready" in by_path["/api/v1/ws/workflows"]["message_types"]
    assert by_path["/api/v1/ws/workflows"]["phases"]["broadcast"]["status"] == "pass"


def _phase2(folder: str) -> dict:
    from conftest import FIXTURES, run_scan
    from wscheck.checklist import Phase

    report = run_scan(FIXTURES / folder)
    return {c.endpoint.path: c.phases[Phase.BROADCAST] for c in report.checklists}


def test_ingest_only_sockets_are_phase_2_not_applicable():
    from wscheck.answers import Status

    for folder in ("server_ingest_only", "server_ingest_only_ok"):
        answers = _phase2(folder)
        for path in ("/telemetry/in", "/telemetry/batch"):
            assert answers[path].status is Status.NA, (folder, path)
            assert "ingest-only" in answers[path].note
    assert _phase2("server_ingest_only")["/telemetry/latest/{device}"].status is Status.FAIL


def test_streams_and_backfill_loops_push_updates():
    from wscheck.answers import Status

    answers = _phase2("server_stream_endpoints_ok")
    for path, lines in (("/api/events/out", {21, 28}), ("/api/events/audit", {42})):
        answer = answers[path]
        assert answer.status is Status.PASS
        assert {e.location.line for e in answer.evidence} >= lines, (path, answer.evidence)


def test_handshake_replies_in_helpers_and_endpoints_ask_for_no_broadcast():
    from wscheck.answers import Status

    answers = _phase2("server_handshake_replies")
    assert answers["/ws/order-book/{symbol}"].status is Status.PASS
    assert answers["/ws/ticker"].status is Status.PASS
    failing = answers["/ws/positions"]
    assert failing.status is Status.FAIL
    assert [t.name for t in failing.missing] == ["positions_snapshot"]  # not auth_result, not subscription_confirmed


CLIENT_READY_WAIT = '''    await manager.connect(websocket)
    try:
        try:
            ready = await asyncio.wait_for(websocket.receive_text(), timeout=2.0)
            logger.debug(f"[WS] {connection_name} client said {ready}")
        except asyncio.TimeoutError:
            logger.debug(f"[WS] {connection_name} client sent no client_ready; sending anyway")
        await websocket.send_json(initial_data)
'''

CLIENT_READY_PLAIN = '''    await manager.connect(websocket)
    try:
        ready = await websocket.receive_json()
        if ready.get("type") != "client_ready":
            logger.warning("unexpected first message")
        await websocket.send_json(initial_data)
'''


def _copy_with_client_ready(tmp_path, helper_start: str):
    """The post-mortem's app a few commits later: the connection helper first waits for the
    client's `{"type": "client_ready"}`, then sends the endpoint's initial data."""
    target = tmp_path / "postmortem"
    shutil.copytree(ROOT / "examples" / "postmortem", target)
    routes = target / "app" / "server" / "routes" / "websocket_routes.py"
    text = routes.read_text(encoding="utf-8")
    before = "    await manager.connect(websocket)\n    try:\n        await websocket.send_json(initial_data)\n"
    assert before in text
    text = "import asyncio\n" + text.replace(before, helper_start)
    routes.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("helper_start", [CLIENT_READY_WAIT, CLIENT_READY_PLAIN], ids=["wait_for", "plain_receive"])
def test_postmortem_waiting_for_client_ready_still_has_its_two_missing_broadcasts(tmp_path, monkeypatch, helper_start):
    project = _copy_with_client_ready(tmp_path, helper_start)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, [".", "--format", "json", "--no-cache"])
    document = json.loads(result.output)
    ws101 = sorted((f["endpoint"], f["message_type"]) for f in document["findings"] if f["code"] == "WS101")
    assert ws101 == [
        ("/api/v1/ws/system-status", "system_status_update"),
        ("/api/v1/ws/webhook-status", "webhook_status_update"),
    ]
    by_path = {e["path"]: e for e in document["endpoints"]}
    assert by_path["/api/v1/ws/system-status"]["phases"]["broadcast"]["status"] == "fail"
    assert by_path["/api/v1/ws/workflows"]["phases"]["broadcast"]["status"] == "pass"
