"""Channels groups as apps use them: a base consumer joining each subclass's own group,
group sends from signal receivers, and group sends in code nothing runs."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_scan
from wscheck.demand.types import consumer_event_types
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.config import Settings
from wscheck.facts import SUPER, PythonFacts, Ref


def codes(report) -> list[tuple[str, int, str]]:
    return sorted((f.location.file, f.location.line, f.code) for f in report.findings if f.code.startswith("WS1"))


def extract(source: str, module: str, hints: tuple[str, ...] = ()) -> PythonFacts:
    settings = Settings()
    facts = extract_python(
        f"{module.replace('.', '/')}.py", source.encode(), module, False,
        ServerOptions(settings.message_type_keys, settings.broadcast_functions, hints),
    )
    assert isinstance(facts, PythonFacts)
    return facts


BASE = (
    "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n\n"
    "class PanelConsumer(AsyncJsonWebsocketConsumer):\n"
    "    group_name = None\n"
    "    snapshot_type = None\n\n"
    "    async def connect(self):\n"
    "        await self.channel_layer.group_add(self.group_name, self.channel_name)\n"
    "        await self.accept()\n"
    "        await self.send_json({'type': self.snapshot_type, 'rows': []})\n\n"
    "    async def refresh(self, event):\n"
    "        await self.send_json({'type': self.snapshot_type, 'rows': event['rows']})\n"
)
# each subclass names its group its own way
PANELS = (
    "from core.consumers import PanelConsumer\n\n\n"
    "class Orders(PanelConsumer):\n    group_name = 'orders'\n    snapshot_type = 'order_rows'\n\n\n"
    "class Stock(PanelConsumer):\n    snapshot_type = 'stock_rows'\n\n"
    "    async def connect(self):\n        self.group_name = 'stock_' + self.scope['url_route']['kwargs']['site']\n"
    "        await super().connect()\n\n\n"
    "class Audit(PanelConsumer):\n    snapshot_type = 'audit_rows'\n\n"
    "    @property\n    def group_name(self):\n        return 'audit'\n\n\n"
    "class Ticker(PanelConsumer):\n    snapshot_type = 'ticker_rows'\n\n"
    "    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n        self.group_name = 'ticker'\n"
)
ROUTING = (
    "from django.urls import path\n\nfrom . import consumers\n\n"
    "websocket_urlpatterns = [\n"
    "    path('ws/orders/', consumers.Orders.as_asgi()),\n"
    "    path('ws/stock/<str:site>/', consumers.Stock.as_asgi()),\n"
    "    path('ws/audit/', consumers.Audit.as_asgi()),\n"
    "    path('ws/ticker/', consumers.Ticker.as_asgi()),\n"
    "]\n"
)
SIGNALS = (
    "from asgiref.sync import async_to_sync\nfrom channels.layers import get_channel_layer\n"
    "from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\n\n"
    "@receiver(post_save, sender='panels.Order')\n"
    "def order_saved(sender, instance, **kwargs):\n"
    "    async_to_sync(get_channel_layer().group_send)('orders', {'type': 'refresh', 'rows': [instance.pk]})\n"
)


def panels(project) -> dict:
    return project({
        "core/__init__.py": "", "core/consumers.py": BASE, "panels/__init__.py": "",
        "panels/consumers.py": PANELS, "panels/routing.py": ROUTING, "panels/signals.py": SIGNALS,
    })


def test_a_base_consumer_joins_each_subclass_own_group(project):
    endpoints = run_scan(panels(project)).project.endpoints
    groups = {e.path: [s.channel.name for s in e.subscriptions if s.channel] for e in endpoints}
    assert groups == {"/ws/audit/": ["audit"], "/ws/orders/": ["orders"], "/ws/stock/{site}/": ["stock_*"], "/ws/ticker/": ["ticker"]}
    # the base's `{"type": self.snapshot_type}` is each subclass's own type, sent from the base's connect
    # (reached through `super().connect()` too)
    assert {e.path: [s.type.name for s in e.sends] for e in endpoints}["/ws/stock/{site}/"] == ["stock_rows"]


def test_a_group_send_reaches_only_the_subclass_in_that_group(project):
    report = run_scan(panels(project))
    # the receiver's `refresh` goes to the orders group: the base's handler, run by Orders, sends order_rows
    assert [[t.name for t in b.types] for b in report.project.broadcasts] == [["order_rows"]]
    assert codes(report) == [("panels/consumers.py", line, "WS101") for line in (9, 17, 25)]


def test_a_getter_gives_the_group_a_base_method_calls_for(project):
    base = BASE.replace("self.group_add(self.group_name,", "self.group_add(self.get_group(),") + (
        "\n    def get_group(self):\n        return self.group_name\n"
    )
    folder = panels(project)
    (folder / "core/consumers.py").write_text(base)
    groups = {e.path: [s.channel.name for s in e.subscriptions if s.channel] for e in run_scan(folder).project.endpoints}
    assert groups["/ws/orders/"] == ["orders"] and groups["/ws/ticker/"] == ["ticker"]


def test_super_calls_name_the_base_method():
    facts = extract("class ChatConsumer(BaseConsumer):\n    async def connect(self):\n        await super().connect()\n", "chat.consumers")
    [call] = [c for c in facts.functions[0].calls if c.name == "connect"]
    assert call.target == Ref("chat.consumers", f"ChatConsumer.{SUPER}.connect")


def test_handler_methods_are_looked_for_in_every_spelling_of_their_type():
    facts = extract(
        "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n\n"
        "class Floor(AsyncJsonWebsocketConsumer):\n"
        "    async def connect(self):\n        await self.accept()\n\n"
        "    async def dock_update(self, event):\n        await self.send_json(event)\n\n"
        "    async def _reload(self, event):\n        pass\n",
        "floor.consumers",
    )
    assert consumer_event_types([facts]) == {"dock_update", "dock.update"}


@pytest.mark.parametrize("name", ["server_channels_signal_receivers_ok"])
def test_receivers_and_connected_handlers_broadcast(name):
    broadcasts = run_scan(FIXTURES / name).project.broadcasts
    assert sorted((b.location.file, [t.name for t in b.types], b.live) for b in broadcasts) == [
        ("shipping/handlers.py", ["dock_status"], True),  # post_save.connect(...) in ShippingConfig.ready()
        ("shipping/handlers.py", ["parcel_list"], True),
        ("shipping/signals.py", ["shipment_list"], True),  # @receiver(post_save, sender=Shipment)
    ]


def test_a_handler_nothing_connects_is_dead():
    broadcasts = run_scan(FIXTURES / "server_channels_signal_receivers").project.broadcasts
    assert [(b.function.rsplit(":", 1)[-1], b.live) for b in broadcasts if not b.live] == [("dock_changed", False)]


def test_a_group_send_nothing_runs_feeds_no_group():
    report = run_scan(FIXTURES / "server_channels_uncalled_group_send")
    dead = [(p.channel.name, p.function.rsplit(":", 1)[-1]) for p in report.project.publications if not p.live]
    assert ("announcements", "announce_closing") in dead
    [finding] = [f for f in report.findings if f.code == "WS102"]
    assert "is in `announce_closing`, which nothing calls or starts" in finding.message


WORKER_APP = {
    "app/__init__.py": (
        "from flask import Flask\nfrom flask_socketio import SocketIO\n\nsocketio = SocketIO()\n\n\n"
        "def create_app():\n    app = Flask(__name__)\n    from . import events  # noqa: F401\n"
        "    socketio.init_app(app)\n    return app\n"
    ),
    "app/events.py": (
        "import threading\n\nfrom flask_socketio import emit\n\nfrom . import socketio\n\n\n"
        "@socketio.on('connect')\ndef on_connect():\n    emit('job_status', {'state': 'idle'})\n\n\n"
        "@socketio.on('start_job')\ndef on_start(data):\n"
        "    def worker():\n        socketio.emit('toast', {'text': 'done'})\n        socketio.emit('job_status', {'state': 'done'})\n\n"
        "    {start}\n"
    ),
    "web/src/socket.ts": (
        "import { io } from 'socket.io-client';\n\nexport const socket = io('/');\n"
        "socket.on('toast', (m: { text: string }) => console.log(m.text));\n"
        "socket.on('job_status', (m: { state: string }) => console.log(m.state));\n"
    ),
}


@pytest.mark.parametrize("start", [
    "threading.Thread(target=worker, daemon=True).start()",
    "socketio.start_background_task(worker)",
])
def test_a_thread_target_in_a_handler_broadcasts(project, start):
    files = dict(WORKER_APP)
    files["app/events.py"] = files["app/events.py"].replace("{start}", start)
    report = run_scan(project(files))
    assert codes(report) == []  # no WS104 on 'toast', no WS101 on 'job_status'
    assert {(t.name, b.live) for b in report.project.broadcasts for t in b.types} == {("toast", True), ("job_status", True)}


def test_a_thread_target_nothing_starts_broadcasts_nothing(project):
    files = dict(WORKER_APP)
    files["app/events.py"] = files["app/events.py"].replace("{start}", "return None")
    report = run_scan(project(files))
    assert {(t.name, b.live) for b in report.project.broadcasts for t in b.types} == {("toast", False), ("job_status", False)}


APPS = (
    "from django.apps import AppConfig\nfrom django.db.models.signals import post_save\n\n\n"
    "class FloorConfig({base}):\n    name = 'floor'\n\n"
    "    def ready(self):\n        from . import handlers\n        from .models import Dock\n\n"
    "        post_save.connect(handlers.dock_changed, sender=Dock)\n"
)
HANDLERS = (
    "from .realtime import notify_floor\n\n\n"
    "def dock_changed(sender, instance, **kwargs):\n    notify_floor('dock.update', dock=instance.pk)\n"
)


@pytest.mark.parametrize("base, live", [("AppConfig", True), ("object", False)])
def test_a_handler_connected_in_app_ready_is_live(base, live):
    """Django runs every AppConfig's `ready()`; what it connects to a signal runs when that fires.
    (No file text to search: the verdict comes from the facts alone.)"""
    from wscheck.model.liveness import Liveness
    from wscheck.sources import Answers

    apps = extract(APPS.format(base=base), "floor.apps", hints=("dock_changed",))  # as the demand asks for it
    handlers = extract(HANDLERS, "floor.handlers", hints=("notify_floor(",))
    ready = next(f for f in apps.functions if f.name == "ready")
    [connect] = [c for c in ready.calls if c.name == "connect"]
    assert connect.args[0] == Ref("floor", "handlers.dock_changed")  # `from . import handlers` inside ready(), resolved
    liveness = Liveness([apps, handlers], [], Answers(lambda path: b""))
    assert liveness.live("floor.handlers:dock_changed") is live


def test_a_base_method_group_send_goes_to_each_subclass_group(project):
    """`group_send(self.group_name, ...)` in a base's method publishes to the group of whichever
    routed subclass runs it: one subclass relaying to its own group leaves the others idle."""
    base = (
        "from channels.generic.websocket import AsyncJsonWebsocketConsumer\n\n\n"
        "class FeedConsumer(AsyncJsonWebsocketConsumer):\n"
        "    async def connect(self):\n"
        "        await self.channel_layer.group_add(self.group_name, self.channel_name)\n"
        "        await self.accept()\n\n"
        "    async def relay(self, content):\n"
        "        await self.channel_layer.group_send(self.group_name, {'type': 'feed.item', 'item': content})\n\n"
        "    async def feed_item(self, event):\n"
        "        await self.send_json(event['item'])\n"
    )
    feeds = (
        "from core.consumers import FeedConsumer\n\n\n"
        "class Posts(FeedConsumer):\n    group_name = 'posts'\n\n"
        "    async def receive_json(self, content):\n        await self.relay(content)\n\n\n"
        "class Friends(FeedConsumer):  \n    group_name = 'friends'\n"
    )
    routing = (
        "from django.urls import path\n\nfrom . import consumers\n\n"
        "websocket_urlpatterns = [\n    path('ws/posts/', consumers.Posts.as_asgi()),\n"
        "    path('ws/friends/', consumers.Friends.as_asgi()),\n]\n"
    )
    report = run_scan(project({
        "core/__init__.py": "", "core/consumers.py": base, "feeds/__init__.py": "",
        "feeds/consumers.py": feeds, "feeds/routing.py": routing,
    }))
    assert {p.channel.name for p in report.project.publications if p.channel} == {"posts"}
    assert codes(report) == [("feeds/consumers.py", 11, "WS102")]  # Friends: nothing sends to 'friends'
