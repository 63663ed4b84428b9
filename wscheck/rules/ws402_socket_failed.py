"""WS402 socket-failed: `wscheck probe` could not open a socket, or the server closed it."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import RuntimeRule, example


class SocketFailed(RuntimeRule):
    code = "WS402"
    name = "socket-failed"
    severity = Severity.ERROR
    summary = (
        "`wscheck probe`: the handshake was refused (its HTTP status), the connection failed, or "
        "the server closed the socket (its close code and reason; an empty reason is said as such)."
    )
    why = (
        "A socket that fails leaves the client on its HTTP fallback, polling. The post-mortem's "
        "errors were silent: the browser logged `[WS] Error in system status WebSocket "
        "connection:` with an empty message. A server that closes with code 1011 and no reason "
        "(an exception in the handler) or refuses the handshake (403: an Origin or auth check) "
        "says why here. Close with a reason the client can log, and catch the error where it "
        "happens."
    )
    command = "probe"
    bad = example(**{
        "app.py": """
            from fastapi import FastAPI, WebSocket

            app = FastAPI()


            def read_status() -> dict:
                raise RuntimeError("database is locked")


            @app.websocket("/ws/system-status")
            async def system_status(websocket: WebSocket):
                await websocket.accept()
                # the exception ends the handler: the client sees code 1011 and no reason
                await websocket.send_json({"type": "system_status_update", "data": read_status()})
            """,
    })
    good = example(**{
        "app.py": """
            import asyncio
            import logging

            from fastapi import FastAPI, WebSocket, WebSocketDisconnect

            app = FastAPI()
            logger = logging.getLogger(__name__)


            def read_status() -> dict:
                return {"overall": "healthy"}


            @app.websocket("/ws/system-status")
            async def system_status(websocket: WebSocket):
                await websocket.accept()
                try:
                    while True:
                        await websocket.send_json({"type": "system_status_update", "data": read_status()})
                        await asyncio.sleep(0.5)
                except WebSocketDisconnect:
                    pass
                except Exception as error:  # logged, and the client is told why
                    logger.exception("system status socket failed")
                    await websocket.close(code=1011, reason=f"status unavailable: {error}"[:120])
            """,
    })
