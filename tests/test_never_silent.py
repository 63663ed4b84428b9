"""Never silent (issue 20.3): a project whose code accepts a WebSocket anywhere never prints
"No WebSocket endpoints found", and every endpoint found is in the text, JSON, SARIF and
`map` outputs alike.

Whether a fixture holds a handshake is decided by extracting each of its Python files
whole, outside the engine's prefilter and demand: a handshake the engine never parsed is
exactly the miss this guards against.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from wscheck.cli import main
from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import PythonFacts

OPTIONS = ServerOptions(("type", "event", "message_type"), tuple(DEFAULT_BROADCAST_FUNCTIONS))
FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and any(p.rglob("*.py")))


def _handshakes(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder).as_posix()
        module = relative[: -len(".py")].replace("/", ".").removesuffix(".__init__")
        facts = extract_python(relative, path.read_bytes(), module, path.name == "__init__.py", OPTIONS)
        if isinstance(facts, PythonFacts):
            found += [f"{relative}:{h.location.line}" for h in facts.handshakes]
    return found


def _run(folder: Path, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "400")
    result = CliRunner().invoke(main, [*args, "--no-cache"] if args[0] == "check" else list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("folder", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_a_handshake_is_never_reported_as_no_endpoints(folder: Path, monkeypatch):
    handshakes = _handshakes(folder)
    text = _run(folder, monkeypatch, "check", ".", "--no-progress")
    document = json.loads(_run(folder, monkeypatch, "check", ".", "--format", "json"))
    if handshakes:
        assert "No WebSocket endpoints found" not in text, f"handshakes at {handshakes[:3]} but no endpoint"
        assert document["endpoints"], f"handshakes at {handshakes[:3]} but no endpoint"
    if not document["endpoints"]:
        return
    sarif = json.loads(_run(folder, monkeypatch, "check", ".", "--format", "sarif"))
    contract = json.loads(_run(folder, monkeypatch, "map", ".", "--format", "json"))
    listed = sorted((e["path"], e["file"], e["line"]) for e in document["endpoints"])
    assert sorted((e["path"], e["file"], e["line"]) for e in sarif["runs"][0]["properties"]["endpoints"]) == listed
    assert sorted((e["path"], e["file"], e["line"]) for e in contract["endpoints"]) == listed
    for endpoint in document["endpoints"]:
        shown = endpoint["path"] if endpoint["routed"] else f"{endpoint['path']} (no route found to {endpoint['function']})"
        assert shown in text, f"{shown} is missing from the text checklist"


ONLY_UNROUTED = {
    "app/__init__.py": "",
    "app/feeds.py": (
        "from fastapi import WebSocket\n\n\n"
        "async def prices(websocket: WebSocket) -> None:\n"
        "    await websocket.accept()\n"
        "    await websocket.send_json({'type': 'price_update', 'price': 1})\n"
        "    while True:\n"
        "        await websocket.receive_text()\n"
    ),
    "app/plugins.py": (
        "from app.feeds import prices\n\nSOCKETS = {'/ws/prices': prices}\n\n\n"
        "def install(app):\n    for path, handler in SOCKETS.items():\n        app.router.add_websocket_route(path, handler)\n"
    ),
}


def test_a_project_whose_only_socket_is_unrouted_lists_it(project, monkeypatch):
    folder = project(ONLY_UNROUTED)
    text = _run(folder, monkeypatch, "check", ".", "--no-progress")
    assert "No WebSocket endpoints found" not in text
    assert "* (no route found to prices)" in text
    document = json.loads(_run(folder, monkeypatch, "check", ".", "--format", "json"))
    assert [(e["path"], e["routed"], e["function"]) for e in document["endpoints"]] == [("*", False, "prices")]
    codes = sorted(f["code"] for f in document["findings"])
    assert "WS002" in codes and "WS101" in codes  # what could not be followed, and the idle socket still judged


def test_a_path_partly_computed_at_run_time_is_marked_and_said(project, monkeypatch):
    folder = project({
        "app/__init__.py": "",
        "app/settings.py": "import os\n\n\ndef ws_prefix():\n    return os.environ.get('WS_PREFIX', '/ws')\n",
        "app/main.py": (
            "from fastapi import FastAPI, WebSocket\n\nfrom app.settings import ws_prefix\n\napp = FastAPI()\n\n\n"
            "@app.websocket(f'{ws_prefix()}/prices')\nasync def prices(websocket: WebSocket) -> None:\n"
            "    await websocket.accept()\n    while True:\n        await websocket.send_json({'type': 'price', 'p': 1})\n"
        ),
    })
    document = json.loads(_run(folder, monkeypatch, "check", ".", "--format", "json"))
    assert [e["path"] for e in document["endpoints"]] == ["*/prices"]
    ws002 = [f["message"] for f in document["findings"] if f["code"] == "WS002"]
    assert any("computed at run time" in m and "*/prices" in m for m in ws002), ws002
