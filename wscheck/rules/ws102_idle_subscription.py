"""WS102 idle-subscription: a socket registered with a manager, or joined to a group or room,
that nothing broadcasts through."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.phases import broadcasting
from wscheck.rules.base import Rule, example

ROUTES = """
    from fastapi import APIRouter, WebSocket, WebSocketDisconnect
    from app.manager import manager

    router = APIRouter()

    @router.websocket("/ws/notifications")
    async def notifications(websocket: WebSocket):
        await manager.connect(websocket)
        try:
            while True:
                await websocket.receive_text()
        except WebSocketDisconnect:
            manager.disconnect(websocket)
    """
MANAGER = """
    class ConnectionManager:
        def __init__(self):
            self.active_connections = []

        async def connect(self, websocket):
            await websocket.accept()
            self.active_connections.append(websocket)

        def disconnect(self, websocket):
            self.active_connections.remove(websocket)

    manager = ConnectionManager()
    """


class IdleSubscription(Rule):
    code = "WS102"
    name = "idle-subscription"
    severity = Severity.ERROR
    summary = (
        "An endpoint registers its socket with a connection manager, or joins a group or room "
        "(Channels `group_add`, Socket.IO `enter_room`), that nothing ever broadcasts through, "
        "and sends no updates itself."
    )
    why = (
        "The same idle socket as the post-mortem's, for endpoints that send no typed message at "
        "all: the client connects, waits for updates that never come, and falls back to polling."
    )
    bad = example(**{"app/routes.py": ROUTES, "app/manager.py": MANAGER})
    good = example(**{
        "app/routes.py": ROUTES,
        "app/manager.py": MANAGER.replace(
            "    manager = ConnectionManager()",
            "        async def broadcast(self, message):\n"
            "            for connection in self.active_connections:\n"
            "                await connection.send_json(message)\n\n"
            "    manager = ConnectionManager()",
        ),
        "app/notify.py": """
            from app.manager import manager

            async def on_order_paid(order):
                await manager.broadcast({"type": "notification", "data": order.id})
            """,
    })

    def check(self, project, settings):
        for endpoint in project.endpoints:
            answer = broadcasting(endpoint, project, settings)
            if answer.idle and answer.idle_groups:
                groups = ", ".join(answer.idle_groups)
                yield self.finding(
                    endpoint.location,
                    f"endpoint {endpoint.path} joins {groups}, but nothing broadcasts to it "
                    "and the endpoint sends no updates itself",
                    endpoint=endpoint.path,
                    related=tuple(s.location for s in endpoint.subscriptions[:3]),
                )
            elif answer.idle:
                yield self.finding(
                    endpoint.location,
                    f"endpoint {endpoint.path} registers its socket with a connection manager, "
                    "but nothing broadcasts through it and the endpoint sends no updates itself",
                    endpoint=endpoint.path,
                    related=endpoint.registrations[:3],
                )
