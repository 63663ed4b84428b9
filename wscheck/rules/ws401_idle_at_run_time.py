"""WS401 idle-at-run-time: `wscheck probe` saw a socket get its initial data and then nothing."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import RuntimeRule, example


class IdleAtRunTime(RuntimeRule):
    code = "WS401"
    name = "idle-at-run-time"
    severity = Severity.ERROR
    summary = (
        "`wscheck probe`: a socket of the running app got its initial data and no update of its "
        "message types within `--wait` seconds (or connected and got nothing at all)."
    )
    why = (
        "WS101 at run time: the connection test passes (the socket opens, the snapshot arrives) "
        "and then nothing ever comes, so the client decides the socket is dead and falls back to "
        "HTTP polling, as in the 2025-12-08 post-mortem. Messages of other types do not count "
        "when the socket's initial data had a type: a manager that broadcasts every type to "
        "every socket keeps it busy, yet its client acts on none of them (`--any-update` counts "
        "them, for a snapshot + delta protocol). An update that comes only when the data changes "
        "needs a `--wait` long enough for a change, or a change made while probing."
    )
    command = "probe"
    bad = example(**{
        "app.py": """
            from fastapi import FastAPI, WebSocket, WebSocketDisconnect

            app = FastAPI()


            @app.websocket("/ws/system-status")
            async def system_status(websocket: WebSocket):
                await websocket.accept()
                await websocket.send_json({"type": "system_status_update", "data": {"overall": "healthy"}})
                try:
                    while True:  # waits for the client; nothing ever pushes an update
                        await websocket.receive_text()
                except WebSocketDisconnect:
                    pass
            """,
    })
    good = example(**{
        "app.py": """
            import asyncio

            from fastapi import FastAPI, WebSocket, WebSocketDisconnect

            app = FastAPI()


            @app.websocket("/ws/system-status")
            async def system_status(websocket: WebSocket):
                await websocket.accept()
                try:
                    while True:  # the snapshot, then an update every half second
                        await websocket.send_json({"type": "system_status_update", "data": {"overall": "healthy"}})
                        await asyncio.sleep(0.5)
                except WebSocketDisconnect:
                    pass
            """,
    })
