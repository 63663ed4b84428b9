"""`wscheck map`: the contract as a tree, JSON, a Markdown page (with --check) and AsyncAPI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from wscheck.cli import main

SCHEMA = json.loads((Path(__file__).parent / "data" / "asyncapi-3.0.0.json").read_text(encoding="utf-8"))


def run_map(monkeypatch, folder: str, *args: str):
    monkeypatch.chdir(ROOT / folder)
    return CliRunner().invoke(main, ["map", *args])


@pytest.mark.parametrize("folder", ["examples/postmortem", "examples/postmortem-fixed"])
def test_asyncapi_is_valid_against_the_official_schema(monkeypatch, folder):
    result = run_map(monkeypatch, folder, "--format", "asyncapi")
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.output)
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], [e.message for e in errors[:5]]
    assert document["asyncapi"] == "3.0.0"
    addresses = sorted(c["address"] for c in document["channels"].values())
    assert addresses[0] == "/api/v1/ws/adw-monitor" and len(addresses) == 8
    status = document["components"]["messages"]["system_status_update"]
    assert status["payload"]["properties"]["type"]["const"] == "system_status_update"


def test_asyncapi_path_parameters_are_declared(monkeypatch, project):
    folder = project({
        "app/routes.py": (
            "from fastapi import APIRouter\nrouter = APIRouter()\n\n"
            "@router.websocket('/ws/jobs/{job_id}')\nasync def job(websocket, job_id: str):\n"
            "    while True:\n        await websocket.send_json({'type': 'job_update'})\n"
        ),
    })
    monkeypatch.chdir(folder)
    document = yaml.safe_load(CliRunner().invoke(main, ["map", "--format", "asyncapi"]).output)
    (channel,) = document["channels"].values()
    assert channel["address"] == "/ws/jobs/{job_id}"
    assert list(channel["parameters"]) == ["job_id"]
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    assert list(validator.iter_errors(document)) == []


def test_json_contract(monkeypatch):
    document = json.loads(run_map(monkeypatch, "examples/postmortem", "--format", "json").output)
    assert document["summary"]["endpoints"] == 8 and document["summary"]["endpoints_with_broadcast"] == 6
    by_path = {e["path"]: e for e in document["endpoints"]}
    status = by_path["/api/v1/ws/system-status"]["message_types"][0]
    assert status["name"] == "system_status_update" and status["broadcast_at"] == []
    assert status["handled_at"][0]["file"] == "app/client/src/hooks/useWebSocket.ts"
    queue = by_path["/api/v1/ws/queue"]
    assert queue["message_types"][0]["broadcast_at"][0]["file"] == "app/server/services/background_tasks.py"
    assert queue["client"]["connects_from"][0]["file"] == "app/client/src/hooks/useWebSocket.ts"
    assert queue["client"]["components"][0]["file"] == "app/client/src/components/QueuePanel.tsx"
    assert document["polling"][0]["conditional"] is True and document["polling"][0]["interval_ms"] == 3000


def test_text_tree_shows_the_missing_broadcast(monkeypatch):
    output = run_map(monkeypatch, "examples/postmortem").output
    assert "6/8 endpoints with broadcasting logic" in output
    section = output.split("/api/v1/ws/system-status", 1)[1].split("/api/v1/ws/webhook-status", 1)[0]
    assert "broadcast from: nothing (WS101)" in section


def test_markdown_page_is_committed_and_current(monkeypatch):
    page = "docs/architecture/WEBSOCKET_CONTRACT.md"
    result = run_map(monkeypatch, "examples/postmortem-fixed", "--format", "markdown", "--check", page)
    assert result.exit_code == 0, result.output
    text = (ROOT / "examples/postmortem-fixed" / page).read_text(encoding="utf-8")
    assert "- Broadcasting coverage: 8/8 (100%)" in text
    assert "| `/api/v1/ws/system-status` | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ |" in text


def test_markdown_check_fails_when_out_of_date(monkeypatch, tmp_path):
    stale = tmp_path / "page.md"
    stale.write_text("# WebSocket architecture\n\nold\n", encoding="utf-8")
    result = run_map(monkeypatch, "examples/postmortem", "--format", "markdown", "--check", str(stale))
    assert result.exit_code == 1
    assert "is out of date" in result.output
    missing = run_map(monkeypatch, "examples/postmortem", "--format", "markdown", "--check", str(tmp_path / "none.md"))
    assert missing.exit_code == 1


def test_markdown_marks_the_missing_broadcast(monkeypatch):
    text = run_map(monkeypatch, "examples/postmortem", "--format", "markdown").output
    assert "`system_status_update` — **never broadcast** (WS101)" in text
    assert "| `app/client/src/hooks/useReliableWebSocket.ts` | `refetchInterval` | 3 s | while the socket is down | — |" in text


def test_map_missing_path_is_one_line_error(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["map", "no/such/dir"])
    assert result.exit_code == 2
    assert result.output.strip() == "wscheck: error: path does not exist: no/such/dir"


@pytest.mark.parametrize("folder, addresses", [
    ("examples/channels-vue-fixed", ["/ws/jobs/", "/ws/system-status/"]),
    ("examples/socketio-app-fixed", ["/deploys", "/metrics"]),
    ("tests/fixtures/server_socketio_events_ok", ["/", "/alerts", "/builds"]),
    ("tests/fixtures/server_tornado_ok", ["/ws/chat", "/ws/metrics"]),
    ("tests/fixtures/server_unrouted_handshake", ["", "/api/ws/alerts", "/api/ws/chat"]),  # "": unknown (null)
])
def test_asyncapi_of_other_stacks_is_valid_too(monkeypatch, folder, addresses):
    result = run_map(monkeypatch, folder, "--format", "asyncapi")
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.output)
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    assert [e.message for e in validator.iter_errors(document)] == []
    assert sorted(c["address"] or "" for c in document["channels"].values()) == addresses
