"""The server side of the WebSocket contract: message types, routes, broadcasters, main.py, tests."""

from __future__ import annotations

import random

from .plan import Endpoint, Group, module_name
from .python_blocks import py_aggregate
from .vocabulary import DOMAINS, QUALIFIERS, dom


def type_ref(g: Group, t: str) -> str:
    """How the group's code spells message type `t`: a constant, an enum member or a literal."""
    if g.consts_style == "consts":
        return t.upper()
    if g.consts_style == "enum":
        return f"MessageType.{t.upper()}.value"
    return f'"{t}"'


def consts_import(g: Group, types: list[str]) -> list[tuple[str, str]]:
    """The (module, names) import that type_ref's spelling of `types` needs, if any."""
    if g.consts_style == "consts":
        return [(module_name(g.consts_slot), ", ".join(t.upper() for t in types))]
    if g.consts_style == "enum":
        return [(module_name(g.consts_slot), "MessageType")]
    return []


def render_consts(g: Group) -> str:
    types = [t for e in g.endpoints for t in e.types]
    if g.consts_style == "enum":
        body = "class MessageType(str, Enum):\n    \"\"\"Every message type the server pushes over WebSocket connections.\"\"\"\n\n"
        body += "\n".join(f'    {t.upper()} = "{t}"' for t in types) + "\n"
        body += '    PING = "ping"\n    PONG = "pong"\n'
        head = "from enum import Enum\n"
    else:
        body = "\n".join(f'{t.upper()} = "{t}"' for t in types) + "\n"
        body += 'PING = "ping"\nPONG = "pong"\n\nALL_TYPES = (\n' + "".join(f"    {t.upper()},\n" for t in types) + ")\n"
        head = ""
    return (
        '"""Message types shared by the WebSocket routes and the background tasks."""\n\n'
        "from __future__ import annotations\n\n" + head + "\n" + body
    )


def render_manager() -> str:
    """The ConnectionManager module; every router and broadcaster imports `manager` from it."""
    return '''"""Tracks open WebSocket connections and fans messages out to them."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import WebSocket

logger = logging.getLogger(__name__)


class ConnectionManager:
    """Keeps the set of live connections; safe to share between routes and tasks."""

    def __init__(self) -> None:
        self.active: list[WebSocket] = []
        self._lock = asyncio.Lock()

    async def connect(self, websocket: WebSocket) -> None:
        await websocket.accept()
        async with self._lock:
            self.active.append(websocket)
        logger.info("client connected (%d open)", len(self.active))

    def disconnect(self, websocket: WebSocket) -> None:
        if websocket in self.active:
            self.active.remove(websocket)
        logger.info("client disconnected (%d open)", len(self.active))

    async def broadcast(self, message: dict[str, Any]) -> None:
        stale = []
        for connection in list(self.active):
            try:
                await connection.send_json(message)
            except Exception:
                logger.exception("dropping connection after a failed send")
                stale.append(connection)
        for connection in stale:
            self.disconnect(connection)

    @property
    def count(self) -> int:
        return len(self.active)


manager = ConnectionManager()
'''


def render_router(r: random.Random, g: Group, manager_mod: str, extra_imports: list) -> str:
    """The group's FastAPI router: one @router.websocket endpoint per member, plus filler."""
    imports = [("fastapi", "APIRouter, WebSocket, WebSocketDisconnect"), (manager_mod, "manager")]
    imports += consts_import(g, [t for e in g.endpoints for t in e.types])
    imports += extra_imports
    parts = []
    for e in g.endpoints:
        parts += _ws_endpoint(r, g, e)
    d = dom(r.choice(DOMAINS))
    filler, imp = py_aggregate(r, d, r.choice(QUALIFIERS))
    parts.append(filler)
    head = (
        f'"""Real-time routes: {", ".join(e.path for e in g.endpoints)}."""\n\n'
        "from __future__ import annotations\n\nimport asyncio\nimport logging\n"
        "from datetime import datetime, timezone\nfrom typing import Any, Iterable\n\n"
        + "".join(f"from {m} import {n}\n" for m, n in imports)
        + "\nlogger = logging.getLogger(__name__)\nrouter = APIRouter()\n\n\n"
    )
    return head + "\n\n".join(parts)


def _ws_endpoint(r: random.Random, g: Group, e: Endpoint) -> list[str]:
    """The snapshot loader and the endpoint: initial data, then a push loop or a receive loop."""
    upd = type_ref(g, e.types[0])
    alert = ""
    if len(e.types) > 1:
        alert = (
            '        if snapshot.get("alerts"):\n'
            f'            await websocket.send_json({{"type": {type_ref(g, e.types[1])}, "alerts": snapshot["alerts"]}})\n'
        )
    if e.self_push:
        loop = (
            "        while True:\n"
            f"            await asyncio.sleep({r.choice([2, 5, 10])})\n"
            f"            snapshot = await load_{e.snake}_snapshot()\n"
            f'            await websocket.send_json({{"type": {upd}, "data": snapshot}})\n'
        )
    elif r.random() < 0.6:
        loop = (
            "        while True:\n"
            "            message = await websocket.receive_json()\n"
            '            if message.get("type") == "ping":\n'
            '                await websocket.send_json({"type": "pong"})\n'
        )
    else:
        loop = "        while True:\n            await websocket.receive_text()\n"
    if r.random() < 0.1:
        handler = "    except Exception:\n        pass\n"
    else:
        handler = f'    except Exception:\n        logger.exception("{e.name} socket failed")\n        manager.disconnect(websocket)\n'
    loader = (
        f"async def load_{e.snake}_snapshot() -> dict[str, Any]:\n"
        f'    """Current {e.name.replace("-", " ")} state, sent when a client connects."""\n'
        f'    return {{"items": [], "generated_at": datetime.now(timezone.utc).isoformat(), "alerts": []}}\n'
    )
    endpoint = (
        f'@router.websocket("{e.path}")\n'
        f"async def websocket_{e.snake}(websocket: WebSocket) -> None:\n"
        "    await manager.connect(websocket)\n"
        "    try:\n"
        f"        snapshot = await load_{e.snake}_snapshot()\n"
        f'        await websocket.send_json({{"type": {upd}, "data": snapshot}})\n'
        f"{alert}{loop}"
        "    except WebSocketDisconnect:\n"
        "        manager.disconnect(websocket)\n"
        f"{handler}"
    )
    return [loader, endpoint]


def render_broadcaster(r: random.Random, g: Group, manager_mod: str, extra_imports: list) -> tuple[str, list[str], bool]:
    """Returns (text, names of background loop functions, whether it defines a router)."""
    covered = [(e, t) for e in g.endpoints for t in e.types if e.covered[t]]
    imports = [(manager_mod, "manager")]
    if covered:
        imports += consts_import(g, [t for _, t in covered])
    imports += extra_imports
    first = g.endpoints[0].snake
    has_router = False
    if not covered:
        parts, loops = _keepalive(first)
    elif g.bcast_style == "service":
        parts, loops = _notifier(first, covered)
    elif g.bcast_style == "http":
        parts, loops = _http_triggers(g, covered), []
        has_router = True
    else:
        parts, loops = _broadcast_loops(r, g, covered)
    collectors = [
        f"async def collect_{t}() -> dict[str, Any]:\n"
        f'    return {{"items": [], "count": 0, "source": "{e.name}"}}\n'
        for e, t in covered
    ]
    head = (
        '"""Background tasks that keep connected clients up to date."""\n\n'
        "from __future__ import annotations\n\nimport asyncio\nimport logging\nimport time\nfrom typing import Any\n\n"
        + ("from fastapi import APIRouter\n" if has_router else "")
        + "".join(f"from {m} import {n}\n" for m, n in imports)
        + "\nlogger = logging.getLogger(__name__)\n\n\n"
    )
    return head + "\n\n".join(collectors + parts), loops, has_router


def _keepalive(first: str) -> tuple[list[str], list[str]]:
    # the post-mortem's bug: a loop that only keeps connections alive, no updates
    return [
        f"async def {first}_keepalive_loop(interval: float = 30.0) -> None:\n"
        "    while True:\n"
        '        await manager.broadcast({"type": "heartbeat", "ts": time.time()})\n'
        "        await asyncio.sleep(interval)\n"
    ], [f"{first}_keepalive_loop"]


def _notifier(first: str, covered: list[tuple[Endpoint, str]]) -> tuple[list[str], list[str]]:
    # the type reaches broadcast() only through _push's parameter
    notifier = (
        "class UpdateNotifier:\n"
        '    """Pushes fresh state to every connected client."""\n\n'
        "    def __init__(self, interval: float = 5.0) -> None:\n"
        "        self.interval = interval\n\n"
        "    async def _push(self, message_type: str, data: dict[str, Any]) -> None:\n"
        '        await manager.broadcast({"type": message_type, "data": data, "sent_at": time.time()})\n\n'
        "    async def run_forever(self) -> None:\n"
        "        while True:\n"
        "            try:\n"
        + "".join(f"                await self._push(\"{t}\", await collect_{t}())\n" for _, t in covered)
        + "            except Exception:\n"
        '                logger.exception("update notifier iteration failed")\n'
        "            await asyncio.sleep(self.interval)\n"
    )
    runner = f"notifier = UpdateNotifier()\n\n\nasync def run_{first}_notifier() -> None:\n    await notifier.run_forever()\n"
    return [notifier, runner], [f"run_{first}_notifier"]


def _http_triggers(g: Group, covered: list[tuple[Endpoint, str]]) -> list[str]:
    parts = ['router = APIRouter(prefix="/refresh", tags=["refresh"])\n']
    for e, t in covered:
        parts.append(
            f'@router.post("/{t}")\n'
            f"async def trigger_{t}() -> dict[str, str]:\n"
            f"    data = await collect_{t}()\n"
            f'    await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
            '    return {"status": "queued"}\n'
        )
    return parts


def _broadcast_loops(r: random.Random, g: Group, covered: list[tuple[Endpoint, str]]) -> tuple[list[str], list[str]]:
    parts, loops = [], []
    for e, t in covered:
        # some loops have no try: one exception ends them for good
        guarded = r.random() >= 0.15
        if guarded:
            body = (
                "        try:\n"
                f"            data = await collect_{t}()\n"
                f'            await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
                "        except Exception:\n"
                f'            logger.exception("{t} loop failed")\n'
            )
        else:
            body = (
                f"        data = await collect_{t}()\n"
                f'        await manager.broadcast({{"type": {type_ref(g, t)}, "data": data}})\n'
            )
        parts.append(
            f"async def {t}_loop(interval: float = {r.choice(['2.0', '5.0', '10.0', '30.0'])}) -> None:\n"
            f'    """Push {t.replace("_", " ")} messages to every open connection."""\n'
            "    while True:\n" + body + "        await asyncio.sleep(interval)\n"
        )
        loops.append(f"{t}_loop")
    return parts, loops


def render_main(ws_routers: list[str], bcast_routers: list[str], loops: list[tuple[str, str]],
                api_modules: list[str]) -> str:
    """server/main.py: includes every router under /api/v1 and starts the loops in lifespan."""
    lines = [
        '"""Application entry point: builds the FastAPI app and starts background tasks."""',
        "",
        "from __future__ import annotations",
        "",
        "import asyncio",
        "from contextlib import asynccontextmanager",
        "",
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
    ]
    aliases = {}
    for mod in ws_routers + bcast_routers + api_modules:
        pkg, name = mod.rsplit(".", 1)
        alias = f"{name}_{pkg.rsplit('_', 1)[-1]}"
        aliases[mod] = alias
        lines.append(f"from {pkg} import {name} as {alias}")
    for mod, fn in loops:
        lines.append(f"from {mod} import {fn}")
    lines += [
        "",
        "",
        "@asynccontextmanager",
        "async def lifespan(app: FastAPI):",
        "    tasks = [",
    ]
    lines += [f"        asyncio.create_task({fn}())," for _, fn in loops]
    lines += [
        "    ]",
        "    try:",
        "        yield",
        "    finally:",
        "        for task in tasks:",
        "            task.cancel()",
        "",
        "",
        'app = FastAPI(title="Operations Console", version="2.4.0", lifespan=lifespan)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])',
        "",
    ]
    for mod in ws_routers + bcast_routers + api_modules:
        lines.append(f'app.include_router({aliases[mod]}.router, prefix="/api/v1")')
    lines += ["", "", '@app.get("/healthz")', "async def healthz() -> dict[str, str]:", '    return {"status": "ok"}', ""]
    return "\n".join(lines)


def render_ws_test(g: Group, manager_mod: str) -> str:
    """Tests for the group's endpoints; some broadcast, which must count for phase 5 only."""
    parts = []
    for e in g.endpoints:
        parts.append(
            f"def test_{e.snake}_sends_initial_snapshot():\n"
            f'    with client.websocket_connect("{e.full_path}") as ws:\n'
            "        message = ws.receive_json()\n"
            f'        assert message["type"] == "{e.types[0]}"\n'
            '        assert "data" in message\n'
        )
        missing = [t for t in e.types if not e.covered[t]]
        if missing:
            # a test that broadcasts is not broadcasting logic (counts for phase 5 only)
            parts.append(
                f"@pytest.mark.asyncio\nasync def test_{e.snake}_fan_out():\n"
                f'    await manager.broadcast({{"type": "{missing[0]}", "data": {{}}}})\n'
            )
    return (
        '"""WebSocket contract tests."""\n\nimport pytest\nfrom fastapi.testclient import TestClient\n\n'
        f"from server.main import app\nfrom {manager_mod} import manager\n\nclient = TestClient(app)\n\n\n"
        + "\n\n".join(parts)
    )

