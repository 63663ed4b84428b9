"""Patterns: the bytes that make a Python file worth parsing, checked before any parser loads.

Grouped by what they find. Plain HTTP routers (`APIRouter(`, `include_router(`) are left
out: most apps have many; the modules that mount a WebSocket router are found by
ROUTER_MOUNTS plus its name.
"""

FASTAPI_ROUTES = (b".websocket(", b"websocket_route", b"add_api_websocket_route", b"WebSocketRoute")
SOCKET_SENDS = (b"send_json(", b"send_text(", b"send_bytes(", b"send_str(")
BROADCASTS = (b"broadcast", b"publish(", b"group_send(", b"emit(")
PREFILTER = FASTAPI_ROUTES + SOCKET_SENDS + BROADCASTS
ROUTER_MOUNTS = (b"include_router(", b"Mount(")
