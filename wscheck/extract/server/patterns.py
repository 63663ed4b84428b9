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
STRONG = FASTAPI_ROUTES + SOCKET_SENDS + STRONG_BROADCASTS
PREFILTER = STRONG + WEAK_BROADCASTS  # what a function must mention to be kept in a skeleton
ROUTER_MOUNTS = (b"include_router(", b"Mount(")
