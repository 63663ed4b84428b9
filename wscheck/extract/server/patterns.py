"""Patterns: the bytes that make a Python file worth parsing, checked before any parser loads."""

# Cheap byte patterns: a file mentioning none of these has nothing for the server side.
# Plain HTTP routers (`APIRouter(`, `include_router(`) are left out: most apps have many;
# the modules that mount a WebSocket router are found by ROUTER_MOUNTS plus its name.
PREFILTER = (
    b".websocket(",
    b"websocket_route",
    b"add_api_websocket_route",
    b"WebSocketRoute",
    b"send_json(",
    b"send_text(",
    b"send_bytes(",
    b"send_str(",
    b"broadcast",
    b"publish(",
    b"group_send(",
    b"emit(",
)
ROUTER_MOUNTS = (b"include_router(", b"Mount(")
