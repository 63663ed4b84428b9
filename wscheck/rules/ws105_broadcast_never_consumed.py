"""WS105 broadcast-never-consumed: the server broadcasts a type no client code handles."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.message_types import is_control
from wscheck.rules.base import Rule, example

TASK = """
    import asyncio

    async def push_prices(manager):
        while True:
            try:
                await manager.broadcast({"type": "price_update", "data": await latest_prices()})
            except Exception:
                logger.exception("price broadcast failed")
            await asyncio.sleep(5)
    """


CLIENT = """
            export function usePrices(onPrices: (p: unknown) => void) {
              const ws = new WebSocket(`ws://${location.host}/ws/prices`);
              ws.onmessage = (event) => {
                const msg = JSON.parse(event.data);
                if (msg.type === 'prices_update') onPrices(msg.data);
              };
            }
            """


class BroadcastNeverConsumed(Rule):
    code = "WS105"
    name = "broadcast-never-consumed"
    severity = Severity.WARNING
    summary = "The server broadcasts a message type that no client code handles (only when client sources were scanned)."
    why = (
        "Work and bandwidth for nothing — or, more often, a type renamed on one side only, so the "
        "client never updates and quietly relies on its polling fallback."
    )
    bad = example(**{"server/tasks.py": TASK, "client/src/usePrices.ts": CLIENT})
    good = example(**{"server/tasks.py": TASK, "client/src/usePrices.ts": CLIENT.replace("'prices_update'", "'price_update'")})

    def check(self, project, settings):
        if project.client_files == 0 or not project.sockets:
            return
        consumed = {h.name for h in project.handled_types} | project.client_mentions
        for site in project.broadcasts:
            for message_type in site.types:
                if message_type.glob or is_control(message_type, settings) or message_type.name in consumed:
                    continue
                yield self.finding(
                    site.location,
                    f"'{message_type.name}' is broadcast but no client code handles it",
                    message_type=message_type.name,
                )
