"""Real layouts of Django Channels, Socket.IO and aiohttp apps (issue 20): routes inline in
`asgi.py` or behind a project's middleware, handlers registered in a module that never
imports the library, consumers and namespaces on project base classes, aiohttp views; each
endpoint with its full path, and a handshake for every socket class or handler."""

from __future__ import annotations

from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions

from conftest import run_scan

OPTIONS = ServerOptions(("type", "event", "message_type"), DEFAULT_BROADCAST_FUNCTIONS)


def handshakes(path: str, source: str) -> list[tuple[str, str, int]]:
    module = path[:-3].replace("/", ".")
    facts = extract_python(path, source.encode(), module, path.endswith("__init__.py"), OPTIONS)
    return [(h.framework.value, h.handler.name, h.location.line) for h in facts.handshakes]


def endpoints(folder) -> list[tuple[str, str, str]]:
    return [(e.path, e.function, e.framework.value) for e in run_scan(folder).project.endpoints]


CONSUMER = (
    "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n\n"
    "class {name}(AsyncJsonWebsocketConsumer):\n"
    "    async def connect(self):\n"
    "        await self.accept()\n"
    "        await self.send_json({{'type': '{type}'}})\n"
)


def test_channels_routes_inline_in_asgi_py_behind_middleware_with_no_urlpatterns_name(project):
    folder = project({
        "site/asgi.py": (
            "from channels.routing import ProtocolTypeRouter, URLRouter\n"
            "from django.urls import path, re_path\n"
            "from accounts.middleware import TokenAuthMiddleware\n"
            "from live import consumers, routes\n"
            "from live.consumers import ChatConsumer\n\n"
            "PREFIX = 'api'\n\n"
            "application = ProtocolTypeRouter({\n"
            "    'http': URLRouter([path('events/', consumers.EventsConsumer.as_asgi())]),\n"
            "    'websocket': TokenAuthMiddleware(URLRouter([\n"
            "        re_path(r'^ws/chat/(?P<room>\\w+)/$', ChatConsumer.as_asgi()),\n"
            "        path(f'{PREFIX}/ws/legacy/<int:pk>/', consumers.LegacyConsumer),\n"  # Channels 2: the class itself
            "        path('ws/ops/', TokenAuthMiddleware(URLRouter([*routes.ops_routes]))),\n"
            "        path('ws/built/', routes.build_router()),\n"
            "        path('ws/more/', URLRouter(routes.more_urls)),\n"
            "    ])),\n"
            "})\n"
        ),
        "accounts/middleware.py": "from channels.middleware import BaseMiddleware\n\n\nclass TokenAuthMiddleware(BaseMiddleware):\n    pass\n",
        "live/consumers.py": (
            CONSUMER.format(name="ChatConsumer", type="chat_update") + "\n\n"
            + CONSUMER.format(name="LegacyConsumer", type="legacy_update").split("\n\n\n", 1)[1] + "\n\n"
            + CONSUMER.format(name="OpsConsumer", type="ops_update").split("\n\n\n", 1)[1] + "\n\n"
            + CONSUMER.format(name="BuiltConsumer", type="built_update").split("\n\n\n", 1)[1] + "\n\n"
            + "class EventsConsumer(AsyncJsonWebsocketConsumer):\n    async def connect(self):\n        await self.accept()\n"
        ),
        "live/routes.py": (
            "from channels.routing import URLRouter\nfrom django.urls import path\n\nfrom live.consumers import BuiltConsumer, ChatConsumer, OpsConsumer\n\n"
            "ops_routes = [path('queue/', OpsConsumer.as_asgi())]\n"
            "more_urls = ops_routes + [path('chat/', ChatConsumer.as_asgi())]\n\n\n"
            "def build_router():\n    return URLRouter([path('x/', BuiltConsumer.as_asgi())])\n"
        ),
    })
    assert endpoints(folder) == [  # the "http" protocol's routes serve no socket: its consumer is an unrouted one
        ("/*", "EventsConsumer", "channels"), ("/api/ws/legacy/{pk}/", "LegacyConsumer", "channels"), ("/ws/built/x/", "BuiltConsumer", "channels"),
        ("/ws/chat/{room}/", "ChatConsumer", "channels"), ("/ws/more/chat/", "ChatConsumer", "channels"),
        ("/ws/more/queue/", "OpsConsumer", "channels"), ("/ws/ops/queue/", "OpsConsumer", "channels"),
    ]


def test_a_consumer_routed_with_no_path_serves_every_path_and_a_worker_none(project):
    folder = project({
        "site/asgi.py": (
            "from channels.auth import AuthMiddlewareStack\nfrom channels.routing import ChannelNameRouter, ProtocolTypeRouter\n\n"
            "from live.consumers import LiveConsumer, ThumbnailWorker\n\n"
            "application = ProtocolTypeRouter({\n"
            "    'websocket': AuthMiddlewareStack(LiveConsumer.as_asgi()),\n"
            "    'channel': ChannelNameRouter({'thumbnails': ThumbnailWorker.as_asgi()}),\n"
            "})\n"
        ),
        "live/consumers.py": (
            CONSUMER.format(name="LiveConsumer", type="live_update")
            + "\n\nclass ThumbnailWorker(SyncConsumer):\n    def resize(self, message):\n        pass\n"
        ).replace("import AsyncJsonWebsocketConsumer", "import AsyncJsonWebsocketConsumer, SyncConsumer"),
    })
    assert endpoints(folder) == [("/*", "LiveConsumer", "channels")]


def test_a_consumer_on_a_project_base_not_named_like_one_sends_what_its_override_sends(project):
    folder = project({
        "core/sockets.py": (
            "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n\n"
            "class LiveSocket(AsyncJsonWebsocketConsumer):\n"
            "    async def connect(self):\n        await self.accept()\n        await self.on_open()\n\n"
            "    async def on_open(self):\n        pass\n"
        ),
        "feed/stream.py": (
            "from core.sockets import LiveSocket\n\n\n"
            "class FeedStream(LiveSocket):\n"
            "    async def on_open(self):\n        await self.send_json({'type': 'feed_update'})\n\n"
            "    async def receive_json(self, content):\n        await self.send(text_data='ok')\n"
        ),
        "feed/routing.py": "from django.urls import path\nfrom feed.stream import FeedStream\n\nwebsocket_urlpatterns = [path('ws/feed/', FeedStream.as_asgi())]\n",
    })
    report = run_scan(folder)
    assert [(f.code, f.location.file, f.location.line) for f in report.findings if f.code == "WS101"] == [("WS101", "feed/stream.py", 4)]


def test_channels_handshakes_every_consumer_class_routed_or_not():
    source = (
        "from channels.generic.websocket import JsonWebsocketConsumer\nfrom channels.consumer import SyncConsumer\n"
        "from accounts.mixins import SuperuserRequiredMixin\nfrom core.base import BaseConsumer, BaseSocket\n\n\n"
        "class AdminConsumer(SuperuserRequiredMixin, JsonWebsocketConsumer):\n    pass\n\n\n"  # 7: on Channels' own base
        "class ChatConsumer(BaseConsumer):\n    async def receive_json(self, content):\n        pass\n\n\n"  # 11: a project base, a handler
        "class FeedStream(BaseSocket):\n    async def connect(self):\n        await self.accept()\n\n\n"  # 16: self.accept()
        "class ThumbnailWorker(SyncConsumer):\n    def resize(self, message):\n        pass\n\n\n"  # a channel-layer worker
        "class KafkaReader(BaseConsumer):\n    def poll(self):\n        pass\n"  # no consumer handler
    )
    assert handshakes("app/consumers.py", source) == [
        ("channels", "AdminConsumer", 7), ("channels", "ChatConsumer", 11), ("channels", "FeedStream", 16),
    ]


def test_socketio_handlers_and_namespaces_registered_where_the_library_is_never_imported(project):
    folder = project({
        "board/extensions.py": "from flask_socketio import SocketIO\n\nsocketio = SocketIO()\n",
        "board/__init__.py": (
            "from flask import Flask\n\nfrom .extensions import socketio\n\n\n"
            "def create_app():\n    app = Flask(__name__)\n    socketio.init_app(app)\n"
            "    from . import events, namespaces  # noqa: F401\n    return app\n"
        ),
        "board/events.py": (
            "from flask import request\n\nfrom .extensions import socketio\n\n\n"
            "@socketio.on('connect')\ndef on_connect():\n    socketio.emit('board_update', {}, to=request.sid)\n\n\n"
            "@socketio.on('join', namespace='/rooms')\ndef on_join(data):\n    socketio.emit('joined', data, to=request.sid, namespace='/rooms')\n"
        ),
        "board/namespaces.py": "from .chat import ChatNamespace\nfrom .extensions import socketio\n\nsocketio.on_namespace(ChatNamespace('/chat'))\n",
        "board/chat.py": (
            "from flask_socketio import Namespace, emit\n\n\n"
            "class ChatNamespace(Namespace):\n    def on_connect(self):\n        emit('chat_update', [])\n"
        ),
    })
    assert endpoints(folder) == [("/", "on_connect", "socketio"), ("/chat", "ChatNamespace", "socketio"), ("/rooms", "socketio", "socketio")]


def test_python_socketio_attached_or_wrapped_and_a_namespace_on_a_project_base(project):
    folder = project({
        "svc/server.py": "import socketio\nfrom aiohttp import web\n\nsio = socketio.AsyncServer(async_mode='aiohttp')\napp = web.Application()\nsio.attach(app)\n",
        "svc/handlers.py": (
            "from .server import sio\n\n\n"
            "@sio.event\nasync def connect(sid, environ):\n    await sio.emit('ticker_update', {}, to=sid)\n"
        ),
        "svc/base.py": "import socketio\n\n\nclass BaseNamespace(socketio.AsyncNamespace):\n    pass\n",
        "svc/markets.py": (
            "from .base import BaseNamespace\nfrom .server import sio\n\n\n"
            "class MarketsNamespace(BaseNamespace):\n    async def on_connect(self, sid, environ):\n"
            "        await self.emit('market_update', {}, to=sid)\n\n\n"
            "sio.register_namespace(MarketsNamespace('/markets'))\n"
        ),
        "asgi/main.py": (
            "import socketio\nfrom fastapi import FastAPI\n\nfrom .realtime import server\n\n"
            "app = socketio.ASGIApp(server, other_asgi_app=FastAPI())\n"
        ),
    })
    report = run_scan(folder)
    assert [(e.path, e.function, e.framework.value) for e in report.project.endpoints] == [
        ("/", "connect", "socketio"), ("/markets", "MarketsNamespace", "socketio"),
    ]
    assert sorted(f.location.file for f in report.findings if f.code == "WS101") == ["svc/handlers.py", "svc/markets.py"]


def test_socketio_handshakes_each_connect_handler_and_namespace_class():
    source = (
        "import argparse\n\nimport socketio\n\nsio = socketio.AsyncServer()\n\n\n"
        "@sio.event\nasync def connect(sid, environ):\n    pass\n\n\n"  # 9
        "@sio.on('connect', namespace='/admin')\nasync def admin_connect(sid, environ):\n    pass\n\n\n"  # 14
        "class Chat(socketio.AsyncNamespace):\n    async def on_say(self, sid, data):\n        pass\n\n\n"  # 18
        "class Options(argparse.Namespace):\n    pass\n"
    )
    assert handshakes("app/realtime.py", source) == [("socketio", "connect", 9), ("socketio", "admin_connect", 14), ("socketio", "Chat", 18)]


def test_aiohttp_handlers_routed_in_another_module_and_class_based_views(project):
    folder = project({
        "svc/handlers.py": (
            "from aiohttp import web\n\n\n"
            "async def quotes(request):\n    ws = web.WebSocketResponse()\n    await ws.prepare(request)\n"
            "    await ws.send_json({'type': 'quote_update'})\n    return ws\n\n\n"
            "class FeedView(web.View):\n    async def get(self):\n        ws = web.WebSocketResponse()\n"
            "        await ws.prepare(self.request)\n        await ws.send_json({'type': 'feed_update'})\n        return ws\n\n\n"
            "async def health(request):\n    return web.json_response({})\n"
        ),
        "svc/routes.py": (  # imports no aiohttp: `add_get`, `add_view`, `add_route("GET", ...)` are telling enough
            "from . import handlers\nfrom .handlers import FeedView, quotes\n\n\n"
            "def setup_routes(app):\n    app.router.add_get('/health', handlers.health)\n    app.router.add_get('/ws/quotes', quotes)\n"
            "    app.router.add_view('/ws/feed', FeedView)\n    app.router.add_route('GET', '/ws/feed-again', handlers.FeedView)\n"
        ),
        "svc/table.py": (
            "from aiohttp import web\n\nroutes = web.RouteTableDef()\n\n\n"
            "@routes.view('/ws/table')\nclass TableView(web.View):\n    async def get(self):\n"
            "        ws = web.WebSocketResponse()\n        await ws.prepare(self.request)\n        return ws\n"
        ),
        "hub/stream.py": (  # a view served at its `url`, registered by the app's own helper; the socket opened by another class
            "from aiohttp import web\n\nfrom hub.const import URL\nfrom hub.http import BaseView\n\n\n"
            "class StreamView(BaseView):\n    url: str = URL\n\n"
            "    async def get(self, request):\n        return await StreamHandler(request).run()\n\n\n"
            "class StreamHandler:\n    def __init__(self, request):\n        self.request = request\n\n"
            "    async def run(self):\n        ws = web.WebSocketResponse()\n        await ws.prepare(self.request)\n"
            "        await ws.send_json({'type': 'stream_update'})\n        return ws\n\n\n"
            "def setup(hub):\n    hub.http.register_view(StreamView())\n"
        ),
        "hub/http.py": "class BaseView:\n    url: str | None = None\n    requires_auth = True\n",
        "hub/const.py": "URL = '/api/stream'\n",
    })
    assert endpoints(folder) == [
        ("/api/stream", "StreamView", "aiohttp"), ("/ws/feed", "FeedView", "aiohttp"), ("/ws/feed-again", "FeedView", "aiohttp"),
        ("/ws/quotes", "quotes", "aiohttp"), ("/ws/table", "TableView", "aiohttp"),
    ]


def test_aiohttp_handshakes_each_function_that_opens_and_prepares_a_socket():
    source = (
        "from aiohttp import web\n\n\n"
        "async def quotes(request):\n    ws = web.WebSocketResponse()\n    await ws.prepare(request)\n    return ws\n\n\n"  # 4
        "class FeedView(web.View):\n    async def get(self):\n        ws = web.WebSocketResponse()\n"  # 10: the view
        "        await ws.prepare(self.request)\n        return ws\n\n\n"
        "class Session:\n    async def run(self, request):\n        ws = web.WebSocketResponse()\n"  # 18: the method
        "        await ws.prepare(request)\n        return ws\n\n\n"
        "def unprepared(request):\n    return web.WebSocketResponse()\n"
    )
    assert handshakes("svc/handlers.py", source) == [("aiohttp", "quotes", 4), ("aiohttp", "FeedView", 10), ("aiohttp", "Session.run", 18)]


def test_an_auth_prompt_sent_before_the_client_speaks_needs_no_broadcast(project):
    folder = project({
        "hub/stream.py": (
            "from aiohttp import web\n\n\n"
            "async def stream(request):\n    ws = web.WebSocketResponse()\n    await ws.prepare(request)\n"
            "    await ws.send_json({'type': 'auth_required'})\n    await ws.receive_json()\n"
            "    await ws.send_json({'type': 'auth_invalid'})\n"
            "    await ws.send_json({'type': 'stream_update'})\n    return ws\n\n\n"
            "def setup(app):\n    app.router.add_get('/api/stream', stream)\n"
        ),
    })
    report = run_scan(folder)
    assert [f.code for f in report.findings if f.code.startswith("WS1")] == []  # stream_update: a reply, after the receive
    assert [s.type.name for e in report.project.endpoints for s in e.sends] == ["auth_required", "auth_invalid", "stream_update"]


def test_a_raw_consumer_sends_the_text_of_its_websocket_send_events(project):
    folder = project({
        "ticker/consumers.py": (
            "import json\n\nfrom channels.consumer import AsyncConsumer\n\n\n"
            "class TickerConsumer(AsyncConsumer):\n"
            "    async def websocket_connect(self, event):\n"
            "        await self.send({'type': 'websocket.accept'})\n"
            "        await self.send({'type': 'websocket.send', 'text': json.dumps({'type': 'ticker_update', 'price': 1})})\n\n"
            "    async def websocket_receive(self, event):\n"
            "        await self.send({'type': 'websocket.send', 'text': event['text']})\n"
        ),
        "ticker/feed.py": (  # every consumer of the group forwards a `websocket.send` event's text as it is
            "import json\n\nfrom asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n\n\n"
            "def publish_price(price):\n    layer = get_channel_layer()\n"
            "    async_to_sync(layer.group_send)('ticker', {'type': 'websocket.send', 'text': json.dumps({'type': 'ticker_update', 'price': price})})\n"
            "    async_to_sync(layer.group_send)('ticker', {'type': 'websocket.close'})\n"
        ),
        "ticker/routing.py": "from django.urls import path\n\nfrom .consumers import TickerConsumer\n\nwebsocket_urlpatterns = [path('ws/ticker/', TickerConsumer.as_asgi())]\n",
    })
    report = run_scan(folder)
    assert [s.type.name for e in report.project.endpoints for s in e.sends] == ["ticker_update"]  # the protocol events carry none
    assert [(b.channel, [t.name for t in b.types]) for b in report.project.broadcasts] == [("ticker", ["ticker_update"])]
    assert handshakes("ticker/consumers.py", (folder / "ticker/consumers.py").read_text()) == [("channels", "TickerConsumer", 6)]


def test_an_aiohttp_view_on_a_project_base_whose_get_opens_the_socket(project):
    folder = project({
        "lib/views.py": (
            "from aiohttp import web\n\n\n"
            "class SocketView(web.View):\n    async def get(self):\n        ws = web.WebSocketResponse()\n"
            "        await ws.prepare(self.request)\n        await self.on_open(ws)\n        return ws\n\n"
            "    async def on_open(self, ws):\n        pass\n"
        ),
        "app/chat.py": (
            "from lib.views import SocketView\n\n\n"
            "class ChatView(SocketView):\n    async def on_open(self, ws):\n        await ws.send_json({'type': 'chat_update'})\n\n\n"
            "def setup(app):\n    app.router.add_view('/ws/chat', ChatView)\n"
        ),
    })
    report = run_scan(folder)
    assert [(e.path, e.function, [s.type.name for s in e.sends]) for e in report.project.endpoints] == [("/ws/chat", "ChatView", ["chat_update"])]
