"""WS106 unguarded-broadcast-loop: a broadcasting loop with no exception handling inside."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example


class UnguardedBroadcastLoop(Rule):
    code = "WS106"
    name = "unguarded-broadcast-loop"
    severity = Severity.WARNING
    summary = "A loop that broadcasts and sleeps (`while True: … broadcast … sleep`) with no try/except inside it."
    why = (
        "The first exception (a database hiccup, a dead connection) ends the loop and, with it, "
        "every update of that type — silently: the sockets stay open and idle. Catch and log inside "
        "the loop, as the post-mortem's `_broadcast_system_status` does."
    )
    bad = example(**{"app/background_tasks.py": """
        import asyncio

        class BackgroundTaskManager:
            async def _broadcast_system_status(self):
                while True:
                    current_status = await get_system_status_data()
                    await self.websocket_manager.broadcast({"type": "system_status_update", "data": current_status})
                    await asyncio.sleep(30)
        """})
    good = example(**{"app/background_tasks.py": """
        import asyncio
        import logging

        logger = logging.getLogger(__name__)

        class BackgroundTaskManager:
            async def _broadcast_system_status(self):
                while True:
                    try:
                        current_status = await get_system_status_data()
                        if current_status != self.last_system_status:
                            await self.websocket_manager.broadcast({"type": "system_status_update", "data": current_status})
                            self.last_system_status = current_status
                        await asyncio.sleep(30)
                    except Exception as e:
                        logger.error(f"Error broadcasting system status: {e}")
                        await asyncio.sleep(30)
        """})

    def check(self, project, settings):
        for loop in project.unguarded_loops:
            yield self.finding(
                loop.location,
                "broadcast inside a loop with no try/except in it: the first exception ends every "
                "later update silently; catch and log inside the loop",
            )
