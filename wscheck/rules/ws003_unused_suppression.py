"""WS003 unused-suppression: a `wscheck: ignore` comment that silences nothing."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example

ENDPOINT = """
    from fastapi import APIRouter, WebSocket

    router = APIRouter()

    @router.websocket("/ws/ticker")
    async def ticker(websocket: WebSocket):{comment}
        await websocket.accept()
        while True:
            await websocket.send_json({{"type": "tick", "data": await next_tick()}})
            await asyncio.sleep(1)
    """


class UnusedSuppression(Rule):
    code = "WS003"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "A `# wscheck: ignore[...]` / `// wscheck: ignore[...]` comment that suppresses nothing."
    why = (
        "A stale suppression hides the next real finding on that line: once the problem is "
        "fixed, remove the comment. Suppressions apply to their own line and the line below."
    )
    bad = example(**{"app/ticker.py": ENDPOINT.format(comment="  # wscheck: ignore[WS101]")})
    good = example(**{"app/ticker.py": ENDPOINT.format(comment="")})

    def check(self, project, settings):
        return ()  # computed while suppressions are applied (wscheck.suppressions)
