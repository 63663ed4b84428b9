"""Starlette mounts as real apps write them (issue 20.1): a Router built inline as the mounted
app, routers returned by factory functions, `Mount(prefix, routes=router.routes)` of a router
in another module, constants imported inside the app factory, nested mounts; the modules
holding the mount are read even when they name no WebSocket API. A prefix wscheck cannot
resolve shows as `*` with a WS002, never dropped."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import FIXTURES, run_scan, write_files
from wscheck.cli import main

HANDLERS = (
    "import asyncio\n\nfrom starlette.websockets import WebSocket\n\n\n"
    "async def ticker(websocket: WebSocket) -> None:\n    await websocket.accept()\n    while True:\n"
    "        await websocket.send_json({\"type\": \"tick_update\"})\n        await asyncio.sleep(1)\n"
)


def _paths(tmp_path, files) -> tuple[list[tuple[str, str]], list[tuple[str, int, str]]]:
    """(endpoint path and framework, WS002 findings) of a scanned project."""
    report = run_scan(write_files(tmp_path, files), select=("WS1", "WS002"))
    endpoints = [(e.path, e.framework.value) for e in report.project.endpoints]
    return endpoints, [(f.location.file, f.location.line, f.message) for f in report.findings if f.code == "WS002"]


def test_the_fixture_says_starlette_in_json_for_every_mount_shape(monkeypatch):
    monkeypatch.chdir(FIXTURES / "server_starlette_mounts_ok")
    document = json.loads(CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache"]).output)
    assert [(e["path"], e["framework"]) for e in document["endpoints"]] == [
        ("/api/presence/ws", "starlette"), ("/api/v1/ws/feed", "starlette"), ("/api/v2/ws/alerts", "starlette"),
        ("/fleet/ws/positions", "starlette"), ("/ops/ws/deploys", "starlette"), ("/realtime/ws/shipments", "starlette"),
    ]
    assert [f for f in document["findings"] if f["code"] == "WS002"] == []


def test_a_router_built_inline_or_bound_to_a_name_as_the_mounted_app(tmp_path):
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/handlers.py", HANDLERS),
        ("svc/ws.py", "from starlette.routing import Router, WebSocketRoute\n\nfrom .handlers import ticker\n\n"
         "api = Router(routes=[WebSocketRoute(\"/ws/quotes\", ticker)])\n"),
        ("svc/main.py", "from starlette.applications import Starlette\nfrom starlette.routing import Mount, Router, WebSocketRoute\n\n"
         "from . import ws\nfrom .handlers import ticker\n\napp = Starlette(routes=[\n"
         "    Mount(\"/api/v1\", app=Router(routes=[Mount(\"/live\", routes=[WebSocketRoute(\"/ws/ticker\", ticker)])])),\n"
         "    Mount(\"/api/v2\", app=ws.api),\n])\n"),
    ])
    assert endpoints == [("/api/v1/live/ws/ticker", "starlette"), ("/api/v2/ws/quotes", "starlette")]
    assert unresolved == []


def test_a_router_factory_in_another_module_mounted_by_a_file_naming_no_socket_api(tmp_path):
    """main.py holds neither a route nor a send: it is read because it mounts the factory's router."""
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/ws/__init__.py", ""),
        ("svc/ws/handlers.py", HANDLERS + "\n\nroutes = [WebSocketRoute(\"/ws/ticker\", ticker)]\n"),
        ("svc/routing.py", "from starlette.routing import Router\n\nfrom .ws import handlers\n\n\n"
         "def realtime_router() -> Router:\n    router = Router(routes=handlers.routes)\n    return router\n"),
        ("svc/main.py", "from starlette.applications import Starlette\n\nfrom .routing import realtime_router\n\n"
         "app = Starlette()\napp.mount(\"/stream\", realtime_router())\n"),
    ])
    assert endpoints == [("/stream/ws/ticker", "starlette")]
    assert unresolved == []


def test_a_factory_router_bound_at_module_level_and_mounted_by_name(tmp_path):
    endpoints, _ = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/handlers.py", HANDLERS),
        ("svc/routing.py", "from starlette.routing import Router, WebSocketRoute\n\nfrom .handlers import ticker\n\n\n"
         "def realtime_router() -> Router:\n    return Router(routes=[WebSocketRoute(\"/ws/ticker\", ticker)])\n"),
        ("svc/main.py", "from starlette.applications import Starlette\nfrom starlette.routing import Mount\n\n"
         "from .routing import realtime_router\n\nrealtime = realtime_router()\n"
         "app = Starlette(routes=[Mount(\"/v2\", app=realtime)])\napp.mount(\"/legacy\", realtime)\n"),
    ])
    assert endpoints == [("/legacy/ws/ticker", "starlette"), ("/v2/ws/ticker", "starlette")]


def test_a_factory_router_mounted_nowhere_is_marked_not_shortened(tmp_path):
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/handlers.py", HANDLERS),
        ("svc/routing.py", "from starlette.routing import Router, WebSocketRoute\n\nfrom .handlers import ticker\n\n\n"
         "def realtime_router() -> Router:\n    return Router(routes=[WebSocketRoute(\"/ws/ticker\", ticker)])\n"),
    ])
    assert endpoints == [("*/ws/ticker", "starlette")]
    assert unresolved == [(
        "svc/routing.py", 7, "cannot resolve the Mount prefix: the router `realtime_router()` returns is mounted "
        "nowhere wscheck can follow, so its prefix is unknown",
    )]


def test_the_routes_of_an_api_router_in_another_module_take_the_mount_prefix(tmp_path):
    """`Mount("/api", routes=ws.router.routes)`, `[*alerts.router.routes]` and `a.routes + b.routes`;
    routes declared in a module importing FastAPI are FastAPI's."""
    api = (
        "import asyncio\n\nfrom fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
        "@router.websocket(\"/ws/{name}\")\nasync def {name}(websocket: WebSocket) -> None:\n    await websocket.accept()\n"
        "    while True:\n        await websocket.send_json({{\"type\": \"{name}_update\"}})\n        await asyncio.sleep(1)\n"
    )
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/realtime/__init__.py", ""),
        *((f"svc/realtime/{name}.py", api.format(name=name)) for name in ("orders", "alerts", "audit", "billing")),
        ("svc/app.py", "from starlette.applications import Starlette\nfrom starlette.routing import Mount, Route\n\n"
         "from .realtime import alerts, audit, billing, orders\n\n\nasync def health(request):\n    return None\n\n\n"
         "def create_app() -> Starlette:\n    return Starlette(routes=[\n        Route(\"/health\", health),\n"
         "        Mount(\"/api\", routes=[Mount(\"/v1\", routes=orders.router.routes)]),\n"
         "        Mount(\"/alerting\", routes=[*alerts.router.routes]),\n"
         "        Mount(\"/admin\", routes=audit.router.routes + billing.router.routes),\n    ])\n"),
    ])
    assert endpoints == [
        ("/admin/ws/audit", "fastapi"), ("/admin/ws/billing", "fastapi"), ("/alerting/ws/alerts", "fastapi"),
        ("/api/v1/ws/orders", "fastapi"),
    ]
    assert unresolved == []


def test_constants_imported_inside_the_app_factory(tmp_path):
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/core/__init__.py", ""),
        ("svc/core/constants.py", "API_PREFIX = \"/api\"\nNAMESPACE = \"markets\"\n"),
        ("svc/handlers.py", HANDLERS),
        ("svc/app.py", "from starlette.applications import Starlette\nfrom starlette.routing import Mount, WebSocketRoute\n\n"
         "from .handlers import ticker\n\n\ndef create_app() -> Starlette:\n"
         "    from .core.constants import API_PREFIX, NAMESPACE\n    import svc.core.constants as names\n\n"
         "    return Starlette(routes=[\n        Mount(API_PREFIX, routes=[WebSocketRoute(f\"/{NAMESPACE}/ws\", ticker)]),\n"
         "        Mount(names.API_PREFIX + \"/v2\", routes=[WebSocketRoute(\"/ws\", ticker)]),\n    ])\n"),
    ])
    assert endpoints == [("/api/markets/ws", "starlette"), ("/api/v2/ws", "starlette")]
    assert unresolved == []


def test_a_route_list_in_another_module_mounted_under_a_prefix(tmp_path):
    endpoints, _ = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/ws.py", HANDLERS + "\n\nfrom starlette.routing import WebSocketRoute\n\nroutes = [WebSocketRoute(\"/ticker\", ticker)]\n"),
        ("svc/main.py", "from starlette.applications import Starlette\nfrom starlette.routing import Mount\n\n"
         "from .ws import routes as ws_routes\n\nroutes = [Mount(\"/ws\", routes=ws_routes)]\n\napp = Starlette(routes=routes)\n"),
    ])
    assert endpoints == [("/ws/ticker", "starlette")]


def test_a_mount_prefix_from_settings_is_marked_with_a_ws002(tmp_path):
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/handlers.py", HANDLERS),
        ("svc/routing.py", "from starlette.routing import Router, WebSocketRoute\n\nfrom .handlers import ticker\n\n\n"
         "def realtime_router() -> Router:\n    return Router(routes=[WebSocketRoute(\"/ws/ticker\", ticker)])\n"),
        ("svc/main.py", "import os\n\nfrom starlette.applications import Starlette\n\nfrom .routing import realtime_router\n\n"
         "app = Starlette()\napp.mount(os.environ[\"STREAM_PREFIX\"], realtime_router())\n"),
    ])
    assert endpoints == [("*/ws/ticker", "starlette")]
    assert [(file, line) for file, line, _ in unresolved] == [("svc/main.py", 8)]


def test_a_route_list_and_a_sub_app_built_in_the_app_factory(tmp_path):
    endpoints, unresolved = _paths(tmp_path, [
        ("svc/__init__.py", ""),
        ("svc/handlers.py", HANDLERS),
        ("svc/main.py", "from starlette.applications import Starlette\nfrom starlette.routing import BaseRoute, Mount, WebSocketRoute\n\n"
         "from .handlers import ticker\n\n\ndef create_app() -> Starlette:\n"
         "    routes: list[BaseRoute] = [WebSocketRoute(\"/ws/ticker\", ticker)]\n"
         "    admin = Starlette(routes=[WebSocketRoute(\"/ws/audit\", ticker)])\n"
         "    app = Starlette(routes=[Mount(\"/live\", routes=routes)])\n    app.mount(\"/admin\", admin)\n    return app\n"),
    ])
    assert endpoints == [("/admin/ws/audit", "starlette"), ("/live/ws/ticker", "starlette")]
    assert unresolved == []
