"""WS001 parse-error: a file that could not be read or parsed."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example


class ParseError(Rule):
    code = "WS001"
    name = "parse-error"
    severity = Severity.WARNING
    summary = "A source file could not be read or parsed; the run goes on without it."
    why = (
        "Whatever that file declares (an endpoint, a broadcast, a polling hook) is invisible to "
        "wscheck, so the checklist may be wrong about the endpoints it touches. Fix the syntax "
        "or the encoding, or exclude the file in `[tool.wscheck] extend-exclude`."
    )
    bad = example(**{"app/ws.py": """
        from fastapi import APIRouter
        router = APIRouter()

        @router.websocket("/ws/status")
        async def status(websocket)  # missing colon
            await websocket.send_json({"type": "status_update"})
        """})
    good = example(**{"app/ws.py": """
        from fastapi import APIRouter
        router = APIRouter()

        @router.websocket("/ws/status")
        async def status(websocket):
            await websocket.send_json({"type": "status_update"})
            await websocket.send_json({"type": "pong"})
        """})

    def check(self, project, settings):
        for failure in project.failures:
            yield self.finding(failure.location, f"could not parse {failure.path}: {failure.reason}")
