"""Each stack's routing gives every endpoint its full path and framework, through the same
model the FastAPI routes go through (prefixes, nesting, path parameters)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_scan

EXPECTED = {
    "server_channels_consumers": [
        # URLRouter nested under path("ws/", ...); `(?P<room_name>\w+)` and `<int:order_id>` as {name}; `+=` routes
        ("/ws/chat/{room_name}/", "ChatConsumer"), ("/ws/notifications/", "NotificationConsumer"),
        ("/ws/notify/", "NotificationConsumer"), ("/ws/orders/{order_id}/", "OrderConsumer"),
        ("/ws/stock/", "StockConsumer"),  # a library mixin's handlers are not judged: no WS103 on stock.changed
        ("/ws/system-status/", "SystemStatusConsumer"),
    ],
    # the probe *client* is no endpoint; /builds is registered with sio.on("connect", handler, namespace=...)
    "server_socketio_events": [("/", "connect"), ("/alerts", "AlertsNamespace"), ("/builds", "builds_connect")],
    "server_flask_socketio": [("/", "handle_connect"), ("/presence", "PresenceNamespace")],  # "/" spans two modules
    "server_aiohttp_routes": [  # HTTP routes (health, create_order, list_jobs) are left out
        ("/ws/jobs/{job_id}", "job_progress"), ("/ws/news", "news"), ("/ws/prices", "prices"), ("/ws/trades", "trades"),
    ],
    # routes inline in asgi.py; `path("ws/staff/", TokenAuthMiddleware(URLRouter(staff.routing.websocket_urlpatterns)))`
    "server_channels_asgi_routes": [
        ("/ws/alerts/", "AlertStream"), ("/ws/rooms/{room}/", "RoomConsumer"), ("/ws/staff/queue/", "QueueConsumer"),
    ],
    # handlers and `on_namespace` in modules that import `socketio` from the app's extensions only
    "server_socketio_app_factory": [("/", "on_connect"), ("/chat", "ChatNamespace")],
    "server_socketio_asgi_app": [("/", "connect"), ("/markets", "MarketsNamespace")],  # ASGIApp(sio, other_asgi_app=api)
    "server_aiohttp_views": [  # add_view, routes in routes.py, a view served at its `url` attribute
        ("/api/devices/stream", "DeviceStreamView"), ("/ws/console", "ConsoleView"), ("/ws/logs", "logs_socket"),
        ("/ws/metrics", "metrics_socket"),
    ],
    "server_litestar_handlers": [  # Router(path="/api/v1", route_handlers=[...]) prefixes its handlers
        ("/api/v1/ws/dashboard", "dashboard_socket"), ("/api/v1/ws/inventory", "inventory_socket"),
        ("/ws/echo", "EchoListener"), ("/ws/shout", "shout"),
    ],
    # a routes module's table of (pattern, Handler) tuples; the HTTP RequestHandlers are left out
    "server_tornado": [("/ws/chat", "ChatSocketHandler"), ("/ws/metrics", "MetricsSocketHandler")],
    # Starlette mounts in an app factory: a constant imported inside the factory, a nested Mount,
    # a Router built inline as the mounted app, routers returned by factories in routing.py
    # (`Mount(..., app=build_realtime_router())`, `app.mount("/ops", ops_router())`), and
    # `Mount("/fleet", routes=vehicles.router.routes)` of a Router in another module
    "server_starlette_mounts": [
        ("/api/presence/ws", "presence_socket"), ("/api/v1/ws/feed", "activity_feed"),
        ("/api/v2/ws/alerts", "alerts_socket"), ("/fleet/ws/positions", "positions"),
        ("/ops/ws/deploys", "deploys_socket"), ("/realtime/ws/shipments", "shipments_socket"),
    ],
}
FRAMEWORKS = {
    "server_channels_consumers": "channels", "server_socketio_events": "socketio", "server_flask_socketio": "socketio",
    "server_aiohttp_routes": "aiohttp", "server_litestar_handlers": "litestar", "server_channels_asgi_routes": "channels",
    "server_socketio_app_factory": "socketio", "server_socketio_asgi_app": "socketio", "server_aiohttp_views": "aiohttp",
    "server_tornado": "tornado", "server_starlette_mounts": "starlette",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_endpoints_and_full_paths(name):
    project = run_scan(FIXTURES / name).project
    assert [(e.path, e.function) for e in project.endpoints] == EXPECTED[name]
    assert {e.framework.value for e in project.endpoints} == {FRAMEWORKS[name]}


def test_a_group_send_carries_what_the_handler_method_sends():
    broadcasts = run_scan(FIXTURES / "server_channels_consumers_ok").project.broadcasts
    carried = {(b.location.file, b.channel): [t.name for t in b.types] for b in broadcasts}
    assert carried[("orders/tasks.py", "order_*")] == ["order_update"]  # order.updated -> order_updated -> order_update
    assert carried[("status/tasks.py", "system_status")] == ["system_status_update"]
    assert carried[("notifications/signals.py", "user_*")] == ["notification"]


def test_a_single_client_emit_is_a_send_and_a_room_emit_a_broadcast_to_the_room():
    project = run_scan(FIXTURES / "server_socketio_events").project
    root = next(e for e in project.endpoints if e.path == "/")
    assert sorted(t.name for t in root.message_types) == ["joined", "system_status"]  # emit(..., to=sid)
    assert [(b.channel, [t.name for t in b.types]) for b in project.broadcasts] == [("build_*", ["build_cancelled"]), ("project_*", ["chat"])]


TUTORIAL = {  # the Channels tutorial's chat room, plus a handler that forwards the event as it is
    "chat/consumers.py": (
        "import json\n\nfrom channels.generic.websocket import AsyncWebsocketConsumer\n\n\n"
        "class ChatConsumer(AsyncWebsocketConsumer):\n"
        "    async def connect(self):\n"
        "        self.room_group_name = f\"chat_{self.scope['url_route']['kwargs']['room_name']}\"\n"
        "        await self.channel_layer.group_add(self.room_group_name, self.channel_name)\n"
        "        await self.accept()\n\n"
        "    async def receive(self, text_data):\n"
        "        message = json.loads(text_data)['message']\n"
        "        await self.channel_layer.group_send(self.room_group_name, {'type': 'chat.message', 'message': message})\n"
        "        await self.channel_layer.group_send(self.room_group_name, {'type': 'chat.raw', 'message': message})\n\n"
        "    async def chat_message(self, event):\n"
        "        await self.send(text_data=json.dumps({'message': event['message']}))\n\n"
        "    async def chat_raw(self, event):\n"
        "        await self.send(text_data=json.dumps(event))\n"
    ),
    "chat/routing.py": (
        "from django.urls import re_path\n\nfrom . import consumers\n\n"
        "websocket_urlpatterns = [re_path(r'ws/chat/(?P<room_name>\\w+)/$', consumers.ChatConsumer.as_asgi())]\n"
    ),
}


def test_untyped_handler_data_is_no_typed_broadcast_and_a_forwarded_event_keeps_its_type(project):
    report = run_scan(project(TUTORIAL))
    assert [f.code for f in report.findings if f.code.startswith("WS1")] == []
    assert [(b.location.line, [t.name for t in b.types], b.channel) for b in report.project.broadcasts] == [(15, ["chat.raw"], "chat_*")]
    assert [e.path for e in report.project.endpoints] == ["/ws/chat/{room_name}/"]
