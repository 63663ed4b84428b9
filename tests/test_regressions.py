"""Cases a first real user hit, kept so they stay fixed."""

from __future__ import annotations

from conftest import run_scan
from wscheck.checklist import Phase

ENDPOINT = (
    "from fastapi import APIRouter, WebSocket\nrouter = APIRouter()\n\n"
    "@router.websocket('/ws/metrics')\nasync def metrics(websocket: WebSocket):\n"
    "    while True:\n        await websocket.send_json({'type': 'metrics_update'})\n        await asyncio.sleep(5)\n"
)


def test_another_package_with_the_same_module_name_does_not_steal_the_prefix(project):
    folder = project({
        "app/routes/__init__.py": "",
        "app/routes/ws.py": ENDPOINT,
        "app/main.py": "from fastapi import FastAPI\nfrom routes import ws\n\napp = FastAPI()\napp.include_router(ws.router, prefix='/api/v1')\n",
        "worker/routes.py": "X = 1\n",
        "worker/tasks.py": "from worker.routes import X\n\nasync def f(m):\n    await m.broadcast(X)\n",
    })
    report = run_scan(folder)
    assert [e.path for e in report.project.endpoints] == ["/api/v1/ws/metrics"]


def test_a_socket_url_built_by_a_function_is_said_not_guessed(project):
    folder = project({
        "server/app.py": ENDPOINT,
        "web/src/ws.ts": "export const WS_URL = (path: string) => `${location.origin.replace('http', 'ws')}${path}`;\n",
        "web/src/useMetrics.ts": (
            "import { WS_URL } from './ws';\nexport const useMetrics = () => new WebSocket(WS_URL('/ws/metrics'));\n"
        ),
    })
    report = run_scan(folder, select=("WS002", "WS301"))
    assert [(f.location.file, f.code) for f in report.findings] == [("web/src/useMetrics.ts", "WS002")]
    assert "socket URL" in report.findings[0].message
    (item,) = report.checklists
    assert item.phases[Phase.CLIENT_HOOK].status.value == "n/a"
    assert "could not be resolved (web/src/useMetrics.ts:2)" in item.phases[Phase.CLIENT_HOOK].note


def test_path_parameter_socket_with_no_caller_matches(project):
    folder = project({
        "server/app.py": ENDPOINT.replace("/ws/metrics'", "/ws/rooms/{room_id}'").replace("(websocket: WebSocket)", "(websocket: WebSocket, room_id: str)"),
        "web/src/useRoom.ts": "export function useRoom(roomId: string) {\n  return new WebSocket(`ws://${location.host}/ws/rooms/${roomId}`);\n}\n",
    })
    report = run_scan(folder, select=("WS301", "WS108"))
    assert report.findings == []


def test_a_class_whose_first_member_is_decorated_keeps_its_skeleton_valid(project):
    # the skeleton took `@property` for part of the class header and cut the method after it
    folder = project({"app/ws.py": (
        "from typing import Protocol\nfrom fastapi import APIRouter\nrouter = APIRouter()\n\n"
        "class Param(Protocol):\n    @property\n    def name(self) -> object: ...\n\n"
        "@router.websocket('/ws/status')\nasync def status(websocket):\n    await websocket.send_json({'type': 'status_update'})\n"
    )})
    report = run_scan(folder, select=("WS001", "WS101"))
    assert [(f.code, f.location.line) for f in report.findings] == [("WS101", 10)]


def test_timer_fallback_polling_is_counted_per_timer_not_per_query():
    """WS202 on a `setInterval` fallback speaks of a timer; on `refetchInterval`, of a query."""
    from conftest import FIXTURES, run_scan

    timers = [f.message for f in run_scan(FIXTURES / "client_timer_fetchers").findings if f.code == "WS202"]
    assert timers and all("per timer" in m and "per query" not in m for m in timers)
    queries = [f.message for f in run_scan(FIXTURES / "client_default_param_fallback").findings if f.code == "WS202"]
    assert queries and all("per query" in m for m in queries)
