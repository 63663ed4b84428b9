"""Patterns: the bytes that make a Python file worth parsing, checked before any parser loads.

Grouped by what they find. STRONG patterns are specific to WebSocket code and make a
file a candidate by themselves; WEAK ones (`publish(`, `emit(`, a bare `broadcast`) are
everyday words in a large Python app, so a file holding one is parsed only when it also
names a message type the endpoints send (see demand.server). Plain HTTP routers
(`APIRouter(`, `include_router(`) are left out: the modules that mount a WebSocket
router are found by ROUTER_MOUNTS plus its name.
"""

FASTAPI_ROUTES = (b".websocket(", b"websocket_route", b"add_api_websocket_route", b"WebSocketRoute")
SOCKET_SENDS = (b"send_json(", b"send_text(", b"send_bytes(", b"send_str(")
STRONG_BROADCASTS = (b".broadcast(", b"group_send(", b"wscheck: broadcasts=")
WEAK_BROADCASTS = (b"broadcast", b"publish(", b"emit(")
# Other stacks: words only their WebSocket code writes (see extract.server.frameworks).
CHANNELS = (b"WebsocketConsumer", b"websocket_urlpatterns", b".group_send)")
SOCKETIO = (
    b"socketio.AsyncServer", b"socketio.Server(", b"AsyncNamespace", b"flask_socketio",
    b"sio.on(", b"@sio.event", b"socketio.on(", b"@socketio.event", b"socketio.on_event(", b"register_namespace(",
)
AIOHTTP = (b"WebSocketResponse",)
LITESTAR = (b"@websocket(", b"websocket_listener", b"WebsocketListener")
TORNADO = (b"WebSocketHandler", b"write_message(")
FRAMEWORKS = CHANNELS + SOCKETIO + AIOHTTP + LITESTAR + TORNADO
# Inside a file already chosen, what else makes a function worth keeping in the skeleton.
FRAMEWORK_WORDS = (
    b"self.send(", b"group_add(", b"enter_room(", b"join_room(", b"on_namespace(", b"sio.on(", b"sio.event",
    b"socketio.on(", b"socketio.event", b"add_get(", b"add_route(", b"add_routes(", b"send_data(",
    b"add_handlers(", b"URLSpec(", b"Application(",  # a Tornado app's route table
)
STRONG = FASTAPI_ROUTES + SOCKET_SENDS + STRONG_BROADCASTS + FRAMEWORKS
PREFILTER = STRONG + WEAK_BROADCASTS + FRAMEWORK_WORDS  # what a function must mention to be kept in a skeleton
ROUTER_MOUNTS = (b"include_router(", b"Mount(", b"add_get(", b"add_route(", b"add_routes(", b"route_handlers=")
# Classes whose every method matters (a consumer's handler method with no send still
# answers a `group_send` type; Tornado calls `on_message` whatever it mentions; an
# Application subclass's `__init__` holds the route table), so the skeleton keeps them whole.
WHOLE_CLASS_WORDS = ("Consumer", "Namespace", "WebsocketListener", "SocketHandler", "WebsocketHandler", "web.Application")
