"""The websockets library, Quart, Flask-Sock and Sanic: each endpoint's full path (blueprint
prefixes, group prefixes, path parameters) and framework, the plain socket API they share
(`send`/`recv` on the socket, not on any receiver), and HTTP-only apps of each giving none."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, run_scan
from wscheck.cli import main
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import EmitKind, Framework

EXPECTED = {
    # `serve(partial(quotes, book=book), ...)` and `websockets.serve(alerts, ...)`: each serves every path
    "server_websockets_lib": ([("/", "alerts"), ("/", "quotes")], "websockets"),
    # Blueprint("live", url_prefix="/live"); the api blueprint's HTTP routes are no endpoints
    "server_quart": ([("/live/chat", "chat"), ("/live/scores", "scores")], "quart"),
    # `@sock.route("/notes", bp=realtime_bp)` under the blueprint's prefix; `sock` imported from extensions
    "server_flask_sock": ([("/live/notes", "notes_feed"), ("/ws/presence/{user}", "presence")], "flask-sock"),
    # Blueprint.group(..., url_prefix="/api") around each blueprint's own prefix; `<symbol:str>` as {symbol}
    "server_sanic": ([("/api/market/ticks/{symbol}", "ticks"), ("/api/news/live", "headlines_feed")], "sanic"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("twin", ["", "_ok"])
def test_endpoints_full_paths_and_framework(name, twin):
    report = run_scan(FIXTURES / (name + twin))
    endpoints, framework = EXPECTED[name]
    assert [(e.path, e.function) for e in report.project.endpoints] == endpoints
    assert {e.framework.value for e in report.project.endpoints} == {framework}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_framework_is_named_in_json(name):
    result = CliRunner().invoke(main, ["check", str(FIXTURES / name), "--format", "json", "--no-cache", "--exit-zero"])
    data = json.loads(result.output)
    assert sorted((e["path"], e["framework"]) for e in data["endpoints"]) == [(p, EXPECTED[name][1]) for p, _ in EXPECTED[name][0]]


HTTP_ONLY = {
    "shop/quart_app.py": (
        "from quart import Quart, Blueprint, websocket\n\napp = Quart(__name__)\nbp = Blueprint('api', __name__, url_prefix='/api')\n\n"
        "@bp.get('/orders/<int:order_id>')\nasync def order(order_id):\n    return {'type': 'order', 'id': order_id}\n\n"
        "app.register_blueprint(bp)\n"
    ),
    "shop/sanic_app.py": (
        "from sanic import Sanic, Blueprint\nfrom sanic.response import json\n\napp = Sanic('shop')\n"
        "bp = Blueprint('api', url_prefix='/api')\n\n@bp.route('/items/<item_id:int>')\nasync def item(request, item_id):\n"
        "    return json({'type': 'item'})\n\napp.blueprint(bp)\n"
    ),
    "shop/flask_app.py": (
        "from flask import Flask\n\napp = Flask(__name__)\n\n@app.route('/page/')\n@app.route('/page/<int:n>')\n"
        "def page(n=1):\n    return {'type': 'page', 'n': n}\n"
    ),
    "shop/views.py": (  # Flask's own route on an app imported from the project: its views take URL variables only
        "from shop.flask_app import app\n\n@app.route('/users/<name>')\ndef user(name):\n    return {'name': name}\n\n"
        "@app.route('/')\ndef index():\n    return 'ok'\n"
    ),
}


def test_http_only_quart_sanic_and_flask_apps_have_no_endpoint(project):
    report = run_scan(project(HTTP_ONLY))
    assert not report.project.endpoints and not report.findings
    assert report.stats.files_parsed == 0  # no socket word: the demand starts from nothing


def test_a_registered_prefix_replaces_the_blueprints_own(project):
    files = {
        "app/__init__.py": (
            "from quart import Quart\n\nfrom app.live import live\n\n\ndef create_app():\n    app = Quart(__name__)\n"
            "    app.register_blueprint(live, url_prefix='/api/live')\n    return app\n"
        ),
        "app/live.py": (
            "from quart import Blueprint, websocket\n\nlive = Blueprint('live', __name__, url_prefix='/old')\n\n"
            "@live.websocket('/rooms/<int:room_id>')\nasync def room(room_id):\n    await websocket.send_json({'type': 'room_state'})\n"
        ),
    }
    assert [e.path for e in run_scan(project(files)).project.endpoints] == ["/api/live/rooms/{room_id}"]


def test_the_websockets_router_names_paths_and_sanic_registers_by_call(project):
    files = {
        "clock/server.py": (
            "from websockets.asyncio.router import route\nfrom werkzeug.routing import Map, Rule\n\n"
            "async def clock(websocket, tz):\n    await websocket.send('tick')\n\n"
            "url_map = Map([Rule('/clock/<tz>', endpoint=clock), Rule('/', redirect_to='/clock/utc')])\n\n"
            "async def main():\n    await route(url_map, 'localhost', 8888)\n"
        ),
        "feed/app.py": (
            "from sanic import Sanic\n\napp = Sanic('feed')\n\nasync def feed(request, ws):\n    await ws.recv()\n\n"
            "app.add_websocket_route(feed, '/feed/<room>')\n"
        ),
    }
    endpoints = run_scan(project(files)).project.endpoints
    assert [(e.path, e.function, e.framework) for e in endpoints] == [
        ("/clock/{tz}", "clock", Framework.WEBSOCKETS), ("/feed/{room}", "feed", Framework.SANIC),
    ]


def _facts(module: str, source: str):
    return extract_python(f"{module.replace('.', '/')}.py", source.encode(), module, False, ServerOptions(("type",), ("broadcast",)))


def test_send_counts_on_a_socket_only_and_each_handler_is_a_handshake():
    facts = _facts("hub.server", (
        "import asyncio\nimport json\n\nimport websockets\n\nCLIENTS = set()\n\n"
        "async def handler(websocket, path):\n    CLIENTS.add(websocket)\n    await websocket.send(json.dumps({'type': 'hello_state'}))\n"
        "    async for message in websocket:\n        await relay(message)\n\n"
        "async def relay(message):\n    for client in CLIENTS:\n        await client.send(message)\n\n"
        "def pump(generator, value):\n    generator.send(value)\n\n"
        "async def main():\n    async with websockets.serve(handler, 'localhost', 8765):\n        await asyncio.Future()\n"
    ))
    emits = {f.qualname.split(":")[1]: [e.kind for e in f.emits] for f in facts.functions}
    assert emits["handler"] == [EmitKind.SEND] and emits["relay"] == [EmitKind.BROADCAST] and emits["pump"] == []
    handler = next(f for f in facts.functions if f.name == "handler")
    assert handler.receives is False  # `async for` over the socket is its receive loop, not a call
    assert [(h.handler.name, h.location.line, h.framework) for h in facts.handshakes] == [("handler", 8, Framework.WEBSOCKETS)]


def test_flask_sock_and_sanic_hand_the_socket_to_a_parameter_of_any_name():
    facts = _facts("app.ws", (
        "from .extensions import sock\n\n@sock.route('/echo')\ndef echo(peer):\n    peer.send('hi')\n    while True:\n"
        "        peer.send(peer.receive())\n"
    ))
    echo = facts.functions[0]
    assert [e.kind for e in echo.emits] == [EmitKind.SEND, EmitKind.SEND] and echo.receives
    assert [(e.framework, e.handler.name) for e in facts.endpoints] == [(Framework.FLASK_SOCK, "echo")]
    facts = _facts("app.feed", (
        "from sanic import Blueprint\n\nbp = Blueprint('feed')\n\n@bp.websocket('/feed')\nasync def feed(request, channel):\n"
        "    await channel.send('hi')\n"
    ))
    assert [e.kind for e in facts.functions[0].emits] == [EmitKind.SEND]
    assert [h.framework for h in facts.handshakes] == [Framework.SANIC]


def test_a_fastapi_websocket_send_is_the_asgi_message_not_a_typed_send():
    facts = _facts("api.ws", (
        "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n@router.websocket('/ws')\n"
        "async def ws(websocket: WebSocket):\n    await websocket.send({'type': 'websocket.send', 'text': 'x'})\n"
    ))
    assert facts.functions[0].emits == () and [e.framework for e in facts.endpoints] == [Framework.FASTAPI]
