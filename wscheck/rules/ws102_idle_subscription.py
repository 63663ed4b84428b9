"""WS102 idle-subscription: a socket registered with a manager that nothing broadcasts through,
or subscribed to a channel nothing publishes to: a pub/sub channel (broadcaster, Redis), a
Channels group or a Socket.IO room."""

from __future__ import annotations

from wscheck.facts import Framework
from wscheck.findings import Severity
from wscheck.model.channels import dead_publications
from wscheck.model.phases import broadcasting
from wscheck.rules.base import PHASE_2_BROADCASTING, Rule, example

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

LIVE = """
    from fastapi import APIRouter, WebSocket
    from broadcaster import Broadcast

    broadcast = Broadcast("redis://localhost:6379")
    router = APIRouter()

    @router.websocket("/ws/announcements")
    async def announcements(websocket: WebSocket):
        await websocket.accept()
        async with broadcast.subscribe(channel="announcements") as subscriber:
            async for event in subscriber:
                await websocket.send_text(event.message)
    """


_WORDS = {  # (what is subscribed to, what would feed it, what the known names are, what a publish is)
    Framework.CHANNELS: ("group", "no group_send reaches", "groups sent to", "group_send"),
    Framework.SOCKETIO: ("room", "no emit reaches", "rooms emitted to", "emit"),
}


class IdleSubscription(Rule):
    code = "WS102"
    name = "idle-subscription"
    severity = Severity.ERROR
    summary = (
        "An endpoint registers its socket with a connection manager that nothing ever broadcasts "
        "through, and sends no updates itself; or it subscribes to a channel that nothing publishes "
        "to: a pub/sub channel (`broadcaster`'s `subscribe(channel=...)`, Redis `pubsub.subscribe(...)` / "
        "`psubscribe(...)`; published by `publish(channel=...)`, `redis.publish(channel, message)`), a "
        "Channels group (`group_add`, `groups = [...]`; `group_send`) or a Socket.IO room "
        "(`enter_room`, `join_room`; `emit(..., room=...)`)."
    )
    why = (
        "The same idle socket as the post-mortem's, for endpoints that send no typed message at "
        "all: the client connects, waits for updates that never come, and falls back to polling. "
        "Where the publisher lives outside the scanned code (another service writing to the same "
        "Redis), scan it too, or suppress the finding on the endpoint saying so."
    )
    phase = PHASE_2_BROADCASTING
    bad = example(**{"app/routes.py": ROUTES, "app/manager.py": MANAGER, "app/live.py": LIVE})
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
        "app/live.py": LIVE,
        "app/admin.py": """
            from fastapi import APIRouter

            from app.live import broadcast

            router = APIRouter()

            @router.post("/announcements")
            async def announce(text: str):
                await broadcast.publish(channel="announcements", message=text)
            """,
    })

    def check(self, project, settings):
        for endpoint in project.endpoints:
            answer = broadcasting(endpoint, project, settings)
            if answer.idle_channels:
                names = ", ".join(f"'{s.channel}'" for s in answer.idle_channels)
                published = sorted({p.channel.name for p in project.publications if p.channel and p.live})
                # in the stack's own words: a Channels group (group_send), a Socket.IO room (emit)
                noun, feed, known_as, publish = _WORDS.get(endpoint.framework, ("channel", "nothing publishes to", "published to", "publish"))
                many = len(answer.idle_channels) > 1
                known = f" ({known_as}: {', '.join(published[:4])})" if published else ""
                dead = dead_publications(answer.idle_channels, project.publications)
                if dead:  # written, but in code nothing runs
                    function = dead[0].function.rsplit(":", 1)[-1]
                    known += f" (the {publish} at {dead[0].location.file}:{dead[0].location.line} is in `{function}`, which nothing calls or starts)"
                yield self.finding(
                    endpoint.location,
                    f"endpoint {endpoint.label} subscribes to {noun}{'s' if many else ''} {names}, but {feed} "
                    f"{'them' if many else 'it'}{known}: the socket never receives an update",
                    endpoint=endpoint.path,
                    related=tuple(s.location for s in answer.idle_channels[:3]),
                )
            elif answer.idle:
                yield self.finding(
                    endpoint.location,
                    f"endpoint {endpoint.label} registers its socket with a connection manager, "
                    "but nothing broadcasts through it and the endpoint sends no updates itself",
                    endpoint=endpoint.path,
                    related=endpoint.registrations[:3],
                )
