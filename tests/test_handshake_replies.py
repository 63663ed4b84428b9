"""Handshake replies are not initial data (issue 9.1): the post-mortem's app with every
endpoint behind an auth handshake still shows exactly its two missing broadcasts."""

from __future__ import annotations

import json
import shutil

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
