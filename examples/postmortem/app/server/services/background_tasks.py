"""Watchers that push state changes to every connected dashboard."""

import asyncio
import logging
from typing import Any

from fastapi import FastAPI

from services.adw_monitor import get_adw_monitor_data
from services.message_types import ADW_MONITOR_UPDATE, ROUTES_UPDATE, WORKFLOW_HISTORY_UPDATE, WORKFLOWS_UPDATE
from services.queue_service import get_planned_features_data, get_queue_data
from services.websocket_manager import ConnectionManager
from services.workflow_service import get_routes_data, get_workflow_history_data, get_workflows_data

logger = logging.getLogger(__name__)


class BackgroundTaskManager:
    def __init__(
        self,
        websocket_manager: ConnectionManager,
        app: FastAPI,
        workflow_interval: float = 2.0,
        queue_interval: float = 2.0,
        slow_interval: float = 30.0,
    ) -> None:
        self.websocket_manager = websocket_manager
        self.app = app
        self.workflow_interval = workflow_interval
        self.queue_interval = queue_interval
        self.slow_interval = slow_interval
        self._tasks: list[asyncio.Task] = []

        self.last_workflows: list[dict] | None = None
        self.last_history: dict | None = None
        self.last_routes: list[dict] | None = None
        self.last_adw_monitor: dict | None = None
        self.last_queue: dict | None = None
        self.last_planned_features: list[dict] | None = None

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._watch_workflows(), name="watch-workflows"),
            asyncio.create_task(self._watch_routes(), name="watch-routes"),
            asyncio.create_task(self._watch_adw_monitor(), name="watch-adw-monitor"),
            asyncio.create_task(self._watch_queue(), name="watch-queue"),
            asyncio.create_task(self._watch_planned_features(), name="watch-planned-features"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _broadcast(self, message_type: str, data: Any) -> None:
        await self.websocket_manager.broadcast({"type": message_type, "data": data})
        logger.debug(
            f"[WS] Broadcast {message_type} to {len(self.websocket_manager.active_connections)} clients"
        )

    async def _watch_workflows(self) -> None:
        while True:
            try:
                workflows = await get_workflows_data()
                if workflows != self.last_workflows:
                    await self.websocket_manager.broadcast({"type": WORKFLOWS_UPDATE, "data": workflows})
                    self.last_workflows = workflows

                    # A workflow leaving the active list usually means a new history row.
                    history = await get_workflow_history_data()
                    if history != self.last_history:
                        await self.websocket_manager.broadcast(
                            {"type": WORKFLOW_HISTORY_UPDATE, "data": history}
                        )
                        self.last_history = history
                await asyncio.sleep(self.workflow_interval)
            except Exception:
                logger.exception("Error in workflow watcher")
                await asyncio.sleep(self.workflow_interval)

    async def _watch_routes(self) -> None:
        while True:
            try:
                routes = get_routes_data(self.app)
                if routes != self.last_routes:
                    await self.websocket_manager.broadcast({"type": ROUTES_UPDATE, "data": routes})
                    self.last_routes = routes
                await asyncio.sleep(self.slow_interval)
            except Exception:
                logger.exception("Error in routes watcher")
                await asyncio.sleep(self.slow_interval)

    async def _watch_adw_monitor(self) -> None:
        while True:
            try:
                monitor = await get_adw_monitor_data()
                if monitor != self.last_adw_monitor:
                    await self._broadcast(ADW_MONITOR_UPDATE, monitor)
                    self.last_adw_monitor = monitor
                await asyncio.sleep(self.workflow_interval)
            except Exception:
                logger.exception("Error in ADW monitor watcher")
                await asyncio.sleep(self.workflow_interval)

    async def _watch_queue(self) -> None:
        while True:
            try:
                queue = await get_queue_data()
                if queue != self.last_queue:
                    await self._broadcast("queue_update", queue)
                    self.last_queue = queue
                await asyncio.sleep(self.queue_interval)
            except Exception:
                logger.exception("Error in queue watcher")
                await asyncio.sleep(self.queue_interval)

    async def _watch_planned_features(self) -> None:
        while True:
            try:
                features = await get_planned_features_data()
                if features != self.last_planned_features:
                    await self._broadcast("planned_features_update", features)
                    self.last_planned_features = features
                await asyncio.sleep(self.slow_interval)
            except Exception:
                logger.exception("Error in planned features watcher")
                await asyncio.sleep(self.slow_interval)


def watch_intervals() -> dict:
    """WATCH_INTERVAL=SECONDS checks everything that often (a demo cannot wait 30 s for routes)."""
    import os

    value = os.getenv("WATCH_INTERVAL")
    if not value:
        return {}
    return dict.fromkeys(("workflow_interval", "queue_interval", "slow_interval"), float(value))
