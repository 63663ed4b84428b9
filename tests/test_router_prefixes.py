"""Router prefixes through subclasses, app factories, include loops and package __init__
files (issues 9.4 and 10.2-10.4); an unresolved prefix is said (WS002) and marked in the
path (`*`), never silently dropped, and a client path that fits it is no WS108."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import FIXTURES, run_scan, write_files
from wscheck.cli import main

FACTORIES = FIXTURES / "server_router_factories"


def _invoke(folder, *args):
    return CliRunner().invoke(main, [*args, "--no-cache"] if args[0] == "check" else list(args), catch_exceptions=False)


def test_prefixes_from_subclass_factory_loop_and_package(monkeypatch):
    monkeypatch.chdir(FIXTURES / "server_router_factories_ok")
    document = json.loads(_invoke(".", "check", ".", "--format", "json").output)
    assert [e["path"] for e in document["endpoints"]] == [
        "/api/alerts/ws/alerts", "/api/events/ws/feed", "/legacy/ws/metrics",
    ]


def test_an_unresolved_prefix_is_marked_in_text_json_and_map(monkeypatch):
    monkeypatch.chdir(FACTORIES)
    document = json.loads(_invoke(".", "check", ".", "--format", "json").output)
    paths = [e["path"] for e in document["endpoints"]]
    assert "*/ws/metrics" in paths and "/ws/metrics" not in paths
    unresolved = [f for f in document["findings"] if f["code"] == "WS002"]
    assert [(f["file"], f["line"]) for f in unresolved] == [("server/app/main.py", 14)]
    # the client's /legacy/ws/metrics fits */ws/metrics: no WS108 for it, only for the missing /api
    ws108 = [f["line"] for f in document["findings"] if f["code"] == "WS108"]
    assert ws108 == [12]
    text = _invoke(".", "check", ".").output
    assert "*/ws/metrics" in text
    tree = _invoke(".", "map", ".").output
    assert "*/ws/metrics" in tree
    contract = json.loads(_invoke(".", "map", ".", "--format", "json").output)
    assert "*/ws/metrics" in json.dumps(contract)


def test_include_in_a_package_init_through_a_relative_import(tmp_path):
    write_files(tmp_path, [
        ("backend/app/__init__.py", "from fastapi import FastAPI\n\nfrom . import ws\n\n"
         "app = FastAPI()\napp.include_router(ws.router, prefix=\"/api\")\n"),
        ("backend/app/ws.py", "import asyncio\n\nfrom fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
         "@router.websocket(\"/ws/a\")\nasync def a_socket(websocket: WebSocket):\n    await websocket.accept()\n"
         "    while True:\n        await websocket.send_json({\"type\": \"a_update\"})\n        await asyncio.sleep(1)\n"),
        ("web/socket.ts", "export const open = () => new WebSocket('ws://localhost:8000/api/ws/a');\n"),
    ])
    report = run_scan(tmp_path, select=("WS1", "WS002"))
    assert [e.path for e in report.project.endpoints] == ["/api/ws/a"]
    assert [f.code for f in report.findings] == []


def test_include_inside_an_app_factory(tmp_path):
    write_files(tmp_path, [
        ("app/main.py", "from fastapi import FastAPI\n\nfrom app.routes import router\n\n\n"
         "def create_app() -> FastAPI:\n    app = FastAPI()\n    app.include_router(router, prefix=\"/api\")\n    return app\n"),
        ("app/routes.py", "import asyncio\n\nfrom fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
         "@router.websocket(\"/ws/a\")\nasync def a_socket(websocket: WebSocket):\n    await websocket.accept()\n"
         "    while True:\n        await websocket.send_json({\"type\": \"a_update\"})\n        await asyncio.sleep(1)\n"),
        ("web/socket.ts", "export const open = () => new WebSocket('ws://localhost:8000/api/ws/a');\n"),
    ])
    report = run_scan(tmp_path, select=("WS1", "WS002"))
    assert [e.path for e in report.project.endpoints] == ["/api/ws/a"]
    assert [f.code for f in report.findings] == []
