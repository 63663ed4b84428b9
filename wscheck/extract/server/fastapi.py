"""FastAPI / Starlette: what declares a WebSocket route, a router, or a router include."""

from __future__ import annotations

import libcst as cst

from wscheck.extract.server.patterns import PREFILTER, ROUTER_MOUNTS  # noqa: F401 (re-exported)

ENDPOINT_DECORATORS = frozenset({"websocket", "websocket_route"})
ROUTE_REGISTRATIONS = frozenset({"add_api_websocket_route", "add_websocket_route"})
ROUTE_CLASSES = frozenset({"WebSocketRoute"})
MOUNT_CLASSES = frozenset({"Mount"})
ROUTER_CLASSES = frozenset({"APIRouter", "FastAPI", "Starlette", "Router"})
APP_CLASSES = frozenset({"FastAPI", "Starlette"})
INCLUDE_METHODS = frozenset({"include_router"})

def argument(call: cst.Call, index: int, *keywords: str) -> cst.BaseExpression | None:
    """The argument at position `index`, or passed by one of `keywords`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in keywords:
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    return positional[index] if index < len(positional) else None


def endpoint_decorator(decorator: cst.Decorator) -> tuple[cst.BaseExpression | None, cst.BaseExpression] | None:
    """(router expression, path expression) for `@router.websocket("/ws")`."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return None
    if call.func.attr.value not in ENDPOINT_DECORATORS:
        return None
    path = argument(call, 0, "path")
    return (call.func.value, path) if path is not None else None
