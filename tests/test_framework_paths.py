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
        ("/ws/system-status/", "SystemStatusConsumer"),
    ],
    "server_socketio_events": [("/", "connect"), ("/alerts", "AlertsNamespace")],  # the probe *client* is no endpoint
    "server_flask_socketio": [("/", "handle_connect"), ("/presence", "PresenceNamespace")],  # "/" spans two modules
    "server_aiohttp_routes": [  # HTTP routes (health, create_order, list_jobs) are left out
        ("/ws/jobs/{job_id}", "job_progress"), ("/ws/news", "news"), ("/ws/prices", "prices"), ("/ws/trades", "trades"),
    ],
    "server_litestar_handlers": [  # Router(path="/api/v1", route_handlers=[...]) prefixes its handlers
        ("/api/v1/ws/dashboard", "dashboard_socket"), ("/api/v1/ws/inventory", "inventory_socket"),
        ("/ws/echo", "EchoListener"), ("/ws/shout", "shout"),
    ],
}
FRAMEWORKS = {
    "server_channels_consumers": "channels", "server_socketio_events": "socketio", "server_flask_socketio": "socketio",
    "server_aiohttp_routes": "aiohttp", "server_litestar_handlers": "litestar",
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
    assert [(b.channel, [t.name for t in b.types]) for b in project.broadcasts] == [("project_*", ["chat"])]
