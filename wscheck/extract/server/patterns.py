"""Patterns: the bytes that make a Python file worth parsing, checked before any parser loads.

Grouped by what they find. STRONG patterns are specific to WebSocket code and make a
file a candidate by themselves; WEAK ones (`publish(`, `emit(`, a bare `broadcast`) are
everyday words in a large Python app, so a file holding one is parsed only when it also
names a message type the endpoints send (see demand.server). Plain HTTP routers
(`APIRouter(`, `include_router(`) are left out: the modules that mount a WebSocket
router are found by ROUTER_MOUNTS plus its name.
"""

FASTAPI_ROUTES = (
    b".websocket(", b"websocket_route", b"add_api_websocket_route", b"WebSocketRoute", b"websocket.accept(",
)
SOCKET_SENDS = (b"send_json(", b"send_text(", b"send_bytes(", b"send_str(")
STRONG_BROADCASTS = (b".broadcast(", b"group_send(", b"wscheck: broadcasts=")
WEAK_BROADCASTS = (b"broadcast", b"publish(", b"emit(")
# Other stacks: words only their WebSocket code writes (see extract.server.frameworks).
# `"websocket": URLRouter(...)` in a ProtocolTypeRouter: routes written inline in asgi.py
CHANNELS = (b"WebsocketConsumer", b"websocket_urlpatterns", b".group_send)", b'"websocket":', b"'websocket':")
SOCKETIO = (
    b"socketio.AsyncServer", b"socketio.Server(", b"AsyncNamespace", b"flask_socketio",
    b"sio.on(", b"@sio.event", b"socketio.on(", b"@socketio.event", b"socketio.on_event(", b"register_namespace(",
    b"on_namespace(",
)
AIOHTTP = (b"WebSocketResponse",)
LITESTAR = (b"@websocket(", b"websocket_listener", b"WebsocketListener")
# Quart's and Sanic's `@app.websocket(` and `add_websocket_route` are FASTAPI_ROUTES already.
WEBSOCKETS = (
    b"websockets.serve(", b"websockets.unix_serve(", b"websockets import serve", b"websockets import broadcast",
    b"websockets.server", b"websockets.asyncio.server", b"websockets.sync.server", b"websockets.legacy.server",
    b"websockets.asyncio.router", b"websockets.sync.router",
)
QUART = (b"add_websocket(",)
FLASK_SOCK = (b"flask_sock", b"sock.route(")
TORNADO = (b"WebSocketHandler", b"write_message(")
FRAMEWORKS = CHANNELS + SOCKETIO + AIOHTTP + LITESTAR + WEBSOCKETS + QUART + FLASK_SOCK + TORNADO
# Inside a file already chosen, what else makes a function worth keeping in the skeleton.
FRAMEWORK_WORDS = (
    b"self.send(", b"group_add(", b"enter_room(", b"join_room(", b"on_namespace(", b"sio.on(", b"sio.event",
    b"socketio.on(", b"socketio.event", b"add_get(", b"add_route(", b"add_routes(", b"add_view(", b"send_data(",
    b"self.accept(", b"URLRouter(", b".as_asgi(",
    b"add_handlers(", b"URLSpec(", b"Application(",  # a Tornado app's route table
)
STRONG = FASTAPI_ROUTES + SOCKET_SENDS + STRONG_BROADCASTS + FRAMEWORKS
PREFILTER = STRONG + WEAK_BROADCASTS + FRAMEWORK_WORDS  # what a function must mention to be kept in a skeleton
# The plain socket API (websockets, Flask-Sock, Sanic, Quart's `websocket`): `.send(` is an
# everyday word (HTTP clients, generators, queues), so it keeps a function only in a module of
# one of those stacks (a large HTTP module would keep twice as much of itself otherwise).
PLAIN_SOCKET_WORDS = (b".send(", b".recv(", b"serve(")  # `async with serve(handler, ...)` in websockets' `main()`
PLAIN_SOCKET_MODULES = WEBSOCKETS + (b"flask_sock", b"sock.route(", b"sanic", b"quart")  # a server of theirs, not a client
# `.mount(` and `(routes=`: Starlette's `app.mount("/p", make_router())`, `Router(routes=ws.routes)`
ROUTER_MOUNTS = (
    b"include_router(", b"Mount(", b".mount(", b"(routes=", b"add_get(", b"add_route(", b"add_routes(", b"route_handlers=",
    b"register_blueprint(", b".blueprint(", b"Blueprint.group(",  # Flask and Quart; Sanic
)
# Classes whose every method matters (a consumer's handler method with no send still
# answers a `group_send` type; a view's `get` may open its socket through another class;
# Tornado calls `on_message` whatever it mentions; an Application subclass's `__init__`
# holds the route table), so the skeleton keeps them whole.
WHOLE_CLASS_WORDS = (
    "Consumer", "Namespace", "WebsocketListener", "View", "SocketHandler", "WebsocketHandler", "web.Application",
)
