"""WS108 unknown-endpoint: the client opens a socket to a path no server endpoint serves."""

from __future__ import annotations

import difflib

from wscheck.findings import Severity
from wscheck.model.urls import checkable_url, path_matches, url_path
from wscheck.rules.base import Rule, example

SERVER = """
    from fastapi import APIRouter, FastAPI, WebSocket

    router = APIRouter()

    @router.websocket("/ws/queue")
    async def queue_socket(websocket: WebSocket):
        await websocket.accept()
        while True:
            await websocket.send_json({"type": "queue_update", "data": await next_change()})

    app = FastAPI()
    app.include_router(router, prefix="/api/v1")
    """


class UnknownEndpoint(Rule):
    code = "WS108"
    name = "unknown-endpoint"
    severity = Severity.ERROR
    summary = "The client opens a socket to a path that no server endpoint serves."
    why = (
        "A missing `/api/v1` prefix, a stray trailing slash or a renamed route: the socket never "
        "connects and only the HTTP fallback ever runs — found in real public apps. Path "
        "parameters (`{id}`) match template placeholders; a URL whose base cannot be resolved is "
        "not guessed at."
    )
    bad = example(**{
        "server/app.py": SERVER,
        "client/src/useQueue.ts": """
            export const useQueue = () => new WebSocket(`ws://${window.location.host}/ws/queue`);
            """,
    })
    good = example(**{
        "server/app.py": SERVER,
        "client/src/useQueue.ts": """
            export const useQueue = () => new WebSocket(`ws://${window.location.host}/api/v1/ws/queue`);
            """,
    })

    def check(self, project, settings):
        if not project.endpoints:
            return
        for socket in project.sockets:
            if socket.url is None or not checkable_url(socket.url):
                continue
            if any(path_matches(socket.url, e.path) for e in project.endpoints):
                continue
            path = url_path(socket.url)
            near = difflib.get_close_matches(path.lstrip("*"), [e.path for e in project.endpoints], n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]}?)" if near else ""
            yield self.finding(
                socket.location,
                f"socket to {path} matches no server endpoint{hint}: it never connects",
                related=(socket.chain_location,) if socket.chain_location else (),
            )
