"""One kind of subscription for WS102: a Channels group, a Socket.IO room and a pub/sub
channel are all `Endpoint.subscriptions`, fed by `Project.publications`, judged by one check."""

from __future__ import annotations

from conftest import run_scan

from wscheck.model.entities import MessageType

CONSUMER = (
    "import json\n\nfrom channels.generic.websocket import AsyncWebsocketConsumer\n\n\n"
    "class LobbyConsumer(AsyncWebsocketConsumer):\n"
    "    async def connect(self):\n"
    "        await self.channel_layer.group_add('lobby', self.channel_name)\n"
    "        await self.accept()\n\n"
    "    async def lobby_notice(self, event):\n"
    "        await self.send(text_data=json.dumps(event))\n"
)
ROUTING = (
    "from django.urls import path\n\nfrom lobby import consumers\n\n"
    "websocket_urlpatterns = [path('ws/lobby/', consumers.LobbyConsumer.as_asgi())]\n"
)
NOTIFY = (
    "from asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n\n\n"
    "def notify(group, text):\n"
    "    async_to_sync(get_channel_layer().group_send)(GROUPS[group], {'type': 'lobby.notice', 'text': text})\n\n\n"
    "GROUPS = {}\n"
)


def _channels_app(project, *extra):
    files = {"lobby/consumers.py": CONSUMER, "lobby/routing.py": ROUTING}
    files.update(dict(extra))
    return run_scan(project(files), select=("WS102",))


def test_a_group_nothing_sends_to_is_idle_and_is_an_endpoint_subscription(project):
    report = _channels_app(project)
    assert [(f.code, f.location.file) for f in report.findings] == [("WS102", "lobby/consumers.py")]
    assert "'lobby'" in report.findings[0].message
    (endpoint,) = report.project.endpoints
    assert [s.channel for s in endpoint.subscriptions] == [MessageType("lobby")]


def test_a_group_send_to_the_group_feeds_it(project):
    feed = (
        "from asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n\n\n"
        "def announce(text):\n"
        "    async_to_sync(get_channel_layer().group_send)('lobby', {'type': 'lobby.notice', 'text': text})\n"
    )
    report = _channels_app(project, ("lobby/tasks.py", feed), ("lobby/views.py", "from lobby.tasks import announce\nHOOKS = [announce]\n"))
    assert report.findings == []
    assert [p.channel for p in report.project.publications] == [MessageType("lobby")]


def test_nothing_is_idle_while_a_published_channel_is_unresolved(project):
    report = _channels_app(project, ("lobby/notify.py", NOTIFY), ("lobby/views.py", "from lobby.notify import notify\nHOOKS = [notify]\n"))
    assert report.findings == []
    assert [p.channel for p in report.project.publications] == [None]


ROOMS = (
    "import socketio\n\nsio = socketio.AsyncServer(async_mode='asgi')\n\n\n"
    "class AlertsNamespace(socketio.AsyncNamespace):\n"
    "    async def on_connect(self, sid, environ):\n"
    "        await self.enter_room(sid, 'alerts')\n\n\n"
    "sio.register_namespace(AlertsNamespace('/alerts'))\n"
)


def test_a_room_is_fed_by_an_emit_to_it(project):
    idle = run_scan(project({"app/sockets.py": ROOMS}), select=("WS102",))
    assert [f.code for f in idle.findings] == ["WS102"]
    to_room = "from app.sockets import sio\n\n\nasync def push(data):\n    await sio.emit('alert', data, room='alerts', namespace='/alerts')\n"
    files = {"app/sockets.py": ROOMS, "app/push.py": to_room, "app/main.py": "from app.push import push\nHOOKS = [push]\n"}
    fed = run_scan(project(files), select=("WS102",))
    assert fed.findings == []
    assert [p.channel for p in fed.project.publications] == [MessageType("alerts")]


def test_an_emit_to_every_socket_reaches_every_room(project):
    to_everyone = ROOMS + "\n\nasync def push(data):\n    await sio.emit('alert', data, namespace='/alerts')\n"
    files = {"app/sockets.py": to_everyone, "app/main.py": "from app.sockets import push\nHOOKS = [push]\n"}
    fed = run_scan(project(files), select=("WS102",))
    assert fed.findings == []
    assert [p.channel for p in fed.project.publications] == [MessageType("*", glob=True)]


def test_a_subscription_handed_a_callback_is_an_event_bus_and_not_judged(project):
    route = (
        "from fastapi import APIRouter, WebSocket\n\nfrom app.bus import bus\n\nrouter = APIRouter()\n\n\n"
        "@router.websocket('/ws/orders')\nasync def orders(websocket: WebSocket):\n"
        "    await websocket.accept()\n"
        "    bus.subscribe('order_created', lambda order: None)\n"
        "    while True:\n        await websocket.receive_text()\n"
    )
    report = run_scan(project({"app/routes.py": route, "app/bus.py": "bus = object()\n"}), select=("WS102",))
    assert report.findings == []
    assert [s.channel for e in report.project.endpoints for s in e.subscriptions] == [None]
