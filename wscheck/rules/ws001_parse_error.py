"""WS001 parse-error: a file that could not be read or parsed."""

from __future__ import annotations

from dataclasses import replace

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
        "or the encoding, or exclude the file in `[tool.wscheck] extend-exclude`. A file that is "
        "valid Python but that the parser wscheck uses (libcst, stricter than CPython in a few "
        "corners) cannot read is reported at `info`: its imports and module-level names are still "
        "read, not its functions; rewriting the line named usually lets libcst read it."
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
            if failure.valid_python:
                yield replace(self.finding(failure.location, (
                    f"could not fully read {failure.path}: valid Python that the parser wscheck uses cannot read "
                    f"({failure.reason}); its imports and module-level names were read, not its functions"
                )), severity=Severity.INFO)
            else:
                yield self.finding(failure.location, f"could not parse {failure.path}: {failure.reason}")
