"""Tornado: `WebSocketHandler` subclasses are endpoints wherever their route table is
written and however Tornado is imported; HTTP `RequestHandler` routes are not."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_scan
from wscheck.config import Settings
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import Framework, HandlerRole, PythonFacts, Ref
from wscheck.model.socket_classes import inherit_handshakes


def endpoints(report) -> list[tuple[str, str]]:
    return [(e.path, e.function) for e in report.project.endpoints]


def codes(report) -> list[tuple[str, int, str]]:
    return sorted((f.location.file, f.location.line, f.code) for f in report.findings if f.code.startswith("WS1"))


def extract(source: str, module: str = "app.sockets", hints: tuple[str, ...] = ()) -> PythonFacts:
    settings = Settings()
    facts = extract_python(
        f"{module.replace('.', '/')}.py", source.encode(), module, False,
        ServerOptions(settings.message_type_keys, settings.broadcast_functions, hints),
    )
    assert isinstance(facts, PythonFacts), facts
    return facts


def test_the_fixture_endpoints_are_the_socket_routes_only():
    report = run_scan(FIXTURES / "server_tornado")
    assert endpoints(report) == [("/ws/chat", "ChatSocketHandler"), ("/ws/metrics", "MetricsSocketHandler")]
    assert {e.framework.value for e in report.project.endpoints} == {"tornado"}
    assert [e.location.line for e in report.project.endpoints] == [14, 5]  # the class lines


SOCKET = (
    "class {name}({base}):\n"
    "    def open(self):\n"
    "        self.write_message({{'type': '{kind}', 'data': 1}})\n"
)


@pytest.mark.parametrize("imports, base", [
    ("from tornado.websocket import WebSocketHandler", "WebSocketHandler"),
    ("from tornado.websocket import WebSocketHandler as Socket", "Socket"),
    ("import tornado.websocket", "tornado.websocket.WebSocketHandler"),
    ("import tornado", "tornado.websocket.WebSocketHandler"),
    ("from tornado import websocket", "websocket.WebSocketHandler"),
    ("import tornado.websocket as ws", "ws.WebSocketHandler"),
])
def test_every_way_of_naming_the_base_class(project, imports, base):
    folder = project({
        "app/sockets.py": f"{imports}\n\n\n" + SOCKET.format(name="FeedHandler", base=base, kind="feed_update"),
        "app/main.py": (
            "import tornado.web\n\nfrom app.sockets import FeedHandler\n\n\n"
            "def make_app():\n    return tornado.web.Application([(r'/ws/feed', FeedHandler)])\n"
        ),
    })
    report = run_scan(folder)
    assert endpoints(report) == [("/ws/feed", "FeedHandler")]
    assert codes(report) == [("app/sockets.py", 4, "WS101")]  # open() sends feed_update; nothing broadcasts it


def test_route_table_forms_and_regex_paths(project):
    folder = project({
        "app/sockets.py": "from tornado import websocket\n\n\n" + "\n\n".join(
            SOCKET.format(name=name, base="websocket.WebSocketHandler", kind="x") for name in ("A", "B", "C", "D", "E", "F", "G")
        ),
        "app/server.py": (
            "import tornado.web\nfrom tornado.web import URLSpec, url\n\nfrom app import sockets\nfrom app.sockets import A, B, C\n\n\n"
            "class Application(tornado.web.Application):\n"
            "    def __init__(self):\n"
            "        handlers = [(r'/ws/a/(\\w+)', A), (r'/', Home)]\n"
            "        handlers.append((r'/ws/g/?', sockets.G))\n"
            "        super().__init__(handlers, debug=True)\n\n\n"
            "class Home(tornado.web.RequestHandler):\n    def get(self):\n        self.write('hi')\n\n\n"
            "def other_app():\n"
            "    app = tornado.web.Application(handlers=(\n"
            "        url(r'^/ws/b/(?P<room>[^/]+)$', B, name='b'),\n"
            "        URLSpec(r'/ws/c', C),\n"
            "    ))\n"
            "    app.add_handlers(r'.*', [(r'/ws/d', sockets.D, dict(limit=3)), (r'/ws/e', sockets.E, {}, 'e')])\n"
            "    return app\n"
        ),
        "app/routes.py": "from .sockets import F\n\nROUTES = [(r'/ws/f', F)]\n",
    })
    report = run_scan(folder, select=("WS1",))
    assert endpoints(report) == [
        ("/ws/a/{param}", "A"), ("/ws/b/{room}", "B"), ("/ws/c", "C"), ("/ws/d", "D"), ("/ws/e", "E"), ("/ws/f", "F"),
        ("/ws/g", "G"),
    ]


def test_an_http_only_tornado_app_has_no_endpoint(project):
    folder = project({
        "app/main.py": (
            "import tornado.web\nfrom tornado.web import url\n\nfrom app.handlers import ItemsHandler\n\n\n"
            "class MainHandler(tornado.web.RequestHandler):\n    def get(self):\n        self.write({'type': 'page'})\n\n\n"
            "def make_app():\n"
            "    return tornado.web.Application([(r'/', MainHandler), url(r'/items/(\\d+)', ItemsHandler)])\n"
        ),
        "app/handlers.py": (
            "import tornado.web\n\n\nclass ItemsHandler(tornado.web.RequestHandler):\n"
            "    def get(self, item_id):\n        self.write({'id': item_id})\n"
        ),
    })
    report = run_scan(folder)
    assert report.project.endpoints == ()
    assert codes(report) == []


def test_every_socket_class_gets_a_handshake_routed_or_not():
    facts = extract(
        "import tornado.websocket\n\n\n"
        "class Base(tornado.websocket.WebSocketHandler):\n    pass\n\n\n"
        "class Live(Base):\n    def on_message(self, message):\n        self.write_message(message)\n\n\n"
        "class Page:\n    def open(self):\n        pass\n"
    )
    assert [(h.handler, h.location.line, h.framework) for h in facts.handshakes] == [
        (Ref("app.sockets", "Base"), 4, Framework.TORNADO), (Ref("app.sockets", "Live"), 8, Framework.TORNADO),
    ]
    roles = {f.qualname: f.role for f in facts.functions}
    assert roles == {"app.sockets:Live.on_message": HandlerRole.MESSAGE, "app.sockets:Page.open": None}
    assert facts.endpoints == ()  # nothing routes them here


def test_a_subclass_of_a_project_base_in_another_module_is_a_socket_class_too():
    base = extract("from tornado.websocket import WebSocketHandler\n\n\nclass BaseSocket(WebSocketHandler):\n    pass\n", "app.base")
    chat = extract(
        "from .base import BaseSocket\n\n\nclass Chat(BaseSocket):\n"
        "    def open(self):\n        pass\n\n    def on_message(self, m):\n        pass\n\n    def helper(self):\n        pass\n",
        "app.chat", hints=("BaseSocket",),  # what the demand knows by then: the class derives from a socket class
    )
    assert chat.handshakes == ()  # the extractor cannot know
    completed = {f.module: f for f in inherit_handshakes([base, chat])}["app.chat"]
    assert [h.handler for h in completed.handshakes] == [Ref("app.chat", "Chat")]
    assert {f.name: f.role for f in completed.functions} == {"open": HandlerRole.ENTRY, "on_message": HandlerRole.MESSAGE, "helper": None}


CHAT = {
    "chat/handlers.py": (
        "import json\n\nfrom tornado.websocket import WebSocketHandler\n\n\n"
        "class RoomHandler(WebSocketHandler):\n"
        "    waiters = set()\n\n"
        "    def open(self):\n"
        "        RoomHandler.waiters.add(self)\n"
        "        self.write_message(json.dumps({'type': 'room_state', 'members': len(self.waiters)}))\n\n"
        "    def on_message(self, raw):\n"
        "        self.write_message({'type': 'echo', 'raw': raw})\n\n"
        "    def on_close(self):\n"
        "        RoomHandler.waiters.discard(self)\n\n"
        "    @classmethod\n"
        "    def send_updates(cls, state):\n"
        "        for waiter in cls.waiters:\n"
        "            waiter.write_message(state)\n"
    ),
    "chat/app.py": (
        "import tornado.ioloop\nimport tornado.web\n\nfrom chat.handlers import RoomHandler\n\n\n"
        "def make_app():\n    return tornado.web.Application([(r'/ws/room', RoomHandler)])\n"
    ),
}
STARTER = (
    "\n\ndef push_state():\n"
    "    RoomHandler.send_updates({{'type': 'room_state', 'members': len(RoomHandler.waiters)}})\n\n\n"
    "def main():\n    make_app().listen(8888)\n    {start}\n\n\n"
    "if __name__ == '__main__':\n    main()\n"  # a function handed to the IOLoop is as live as the code handing it
)


@pytest.mark.parametrize("start", [
    "tornado.ioloop.PeriodicCallback(push_state, 5000).start()",
    "tornado.ioloop.IOLoop.current().spawn_callback(push_state)",
    "tornado.ioloop.IOLoop.current().add_callback(push_state)",
])
def test_a_broadcast_run_by_the_ioloop_is_started(project, start):
    files = dict(CHAT)
    files["chat/app.py"] += STARTER.format(start=start)
    report = run_scan(project(files))
    assert codes(report) == []  # json.dumps(...) in open() is typed; on_message's echo is a reply
    assert [(b.location.file, [t.name for t in b.types], b.live) for b in report.project.broadcasts] == [
        ("chat/app.py", ["room_state"], True),
    ]


def test_a_broadcast_nothing_starts_leaves_the_socket_idle(project):
    files = dict(CHAT)
    files["chat/app.py"] += STARTER.format(start="pass")
    report = run_scan(project(files))
    assert codes(report) == [("chat/handlers.py", 6, "WS101")]
    assert [b.live for b in report.project.broadcasts] == [False]


def test_a_method_handed_over_as_a_callback_pushes_updates(project):
    handler = (
        "from tornado.websocket import WebSocketHandler\n\nfrom prices.feed import FEED\n\n\n"
        "class PriceHandler(WebSocketHandler):\n"
        "    def open(self):\n"
        "        self.write_message({'type': 'price_update', 'prices': FEED.latest()})\n"
        "        {register}\n\n"
        "    def on_close(self):\n"
        "        FEED.unsubscribe(self.on_price)\n\n"
        "    def on_price(self, prices):\n"
        "        self.write_message({'type': 'price_update', 'prices': prices})\n"
    )
    files = {
        "prices/feed.py": "class Feed:\n    def latest(self):\n        return {}\n\n\nFEED = Feed()\n",
        "prices/app.py": (
            "import tornado.web\n\nfrom prices.handlers import PriceHandler\n\n\n"
            "def make_app():\n    return tornado.web.Application([(r'/ws/prices', PriceHandler)])\n"
        ),
    }
    pushed = run_scan(project({**files, "prices/handlers.py": handler.replace("{register}", "FEED.subscribe(listener=self.on_price)")}))
    assert codes(pushed) == []
    [endpoint] = pushed.project.endpoints
    assert sorted((s.type.name, s.loop.value, s.location.line) for s in endpoint.sends) == [
        ("price_update", "none", 8), ("price_update", "push", 15),
    ]
    # unsubscribing in on_close is handing it over too: only a method never handed over sends nothing by itself
    idle = run_scan(project({**files, "prices/handlers.py": handler.replace("{register}", "pass").replace("FEED.unsubscribe(self.on_price)", "pass")}))
    assert codes(idle) == [("prices/handlers.py", 6, "WS101")]


TERMINAL = {
    "term/handlers.py": (
        "from tornado.websocket import WebSocketHandler\n\nfrom term.manager import MANAGER\n\n\n"
        "class TerminalHandler(WebSocketHandler):\n"
        "    def open(self):\n"
        "        MANAGER.clients.append(self)\n"
        "        self.write_message({'type': 'screen_update', 'text': MANAGER.screen})\n\n"
        "    def on_close(self):\n"
        "        MANAGER.clients.remove(self)\n\n"
        "    def on_output(self, text):\n"
        "        self.write_message({'type': 'screen_update', 'text': text})\n"
    ),
    "term/manager.py": (
        "import os\n\nfrom tornado.ioloop import IOLoop\n\n\n"
        "class Manager:\n"
        "    def __init__(self):\n"
        "        self.clients = []\n"
        "        self.screen = ''\n\n"
        "    def start(self, fd):\n"
        "        IOLoop.current().add_handler(fd, self.read_output, IOLoop.READ)\n\n"
        "    def read_output(self, fd, events):\n"
        "        text = os.read(fd, 65536).decode()\n"
        "        self.screen += text\n"
        "        for client in self.clients:\n"
        "            client.on_output(text)\n\n\n"
        "MANAGER = Manager()\n"
    ),
    "term/app.py": (
        "import tornado.web\n\nfrom term.handlers import TerminalHandler\nfrom term.manager import MANAGER\n\n\n"
        "def main(fd):\n    MANAGER.start(fd)\n    tornado.web.Application([(r'/ws/term', TerminalHandler)]).listen(8765)\n"
    ),
}


def test_calling_a_sending_method_on_each_connection_is_a_broadcast(project):
    report = run_scan(project(TERMINAL))  # manager.py holds no WebSocket word: it is found by the method's name
    assert codes(report) == []
    assert [(b.location.file, b.location.line, [t.name for t in b.types]) for b in report.project.broadcasts] == [
        ("term/manager.py", 18, ["screen_update"]),
    ]


def test_a_manager_that_never_calls_the_sending_method_broadcasts_nothing(project):
    files = dict(TERMINAL)
    files["term/manager.py"] = files["term/manager.py"].replace("client.on_output(text)", "client.ping()")
    report = run_scan(project(files))
    assert codes(report) == [("term/handlers.py", 6, "WS101")]


def test_a_pattern_built_with_percent_formatting_is_read_as_a_path(project):
    folder = project({
        "server/kernels.py": (
            "from tornado.websocket import WebSocketHandler\n\n"
            "_kernel_id_regex = r'(?P<kernel_id>\\w+-\\w+)'\n\n\n"
            "class ChannelsHandler(WebSocketHandler):\n    def on_message(self, message):\n        self.write_message(message)\n\n\n"
            "default_handlers = [(r'/api/kernels/%s/channels' % _kernel_id_regex, ChannelsHandler)]\n"
        ),
    })
    report = run_scan(folder)
    assert endpoints(report) == [("/api/kernels/{kernel_id}/channels", "ChannelsHandler")]
    assert [f.code for f in report.findings if f.code == "WS002"] == []


def test_a_method_run_once_by_the_ioloop_is_the_rest_of_open(project):
    handler = (
        "from tornado.ioloop import IOLoop\nfrom tornado.websocket import WebSocketHandler\n\n\n"
        "class SessionHandler(WebSocketHandler):\n"
        "    def open(self):\n"
        "        IOLoop.current().add_callback(self._async_open)\n\n"
        "    async def _async_open(self):\n"
        "        self.write_message({'type': 'session_state', 'ready': True})\n"
    )
    files = {
        "session/handlers.py": handler,
        "session/app.py": (
            "import tornado.web\n\nfrom session.handlers import SessionHandler\n\n\n"
            "def make_app():\n    return tornado.web.Application([(r'/ws/session', SessionHandler)])\n"
        ),
    }
    report = run_scan(project(files))
    assert codes(report) == [("session/handlers.py", 5, "WS101")]  # initial data, as if sent in open()


def test_a_handler_registers_itself_not_what_its_methods_append(project):
    handler = (
        "from tornado.websocket import WebSocketHandler\n\nSENT = []\n\n\n"
        "class LogHandler(WebSocketHandler):\n"
        "    def open(self):\n"
        "        self.send_line('hello')\n\n"
        "    def send_line(self, line):\n"
        "        SENT.append(line)\n"
        "        self.write_message(line)\n"
    )
    files = {
        "logs/handlers.py": handler,
        "logs/app.py": (
            "import tornado.web\n\nfrom logs.handlers import LogHandler\n\n\n"
            "def make_app():\n    return tornado.web.Application([(r'/ws/logs', LogHandler)])\n"
        ),
    }
    assert codes(run_scan(project(files))) == []  # no WS102: nothing registers the socket
    files["logs/handlers.py"] = handler.replace("SENT = []", "SENT = []\nSOCKETS = set()").replace("self.send_line('hello')", "SOCKETS.add(self)")
    assert codes(run_scan(project(files))) == [("logs/handlers.py", 7, "WS102")]  # nothing broadcasts to SOCKETS
