"""FastAPI / Starlette: WebSocket routes, routers, prefixes and mounts, and the socket API.

`Routes` is the visitor's delegate for everything route-shaped; its facts are the file's
`EndpointDecl`s, `RouterDecl`s and `RouterInclude`s.
"""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name
from wscheck.facts import EndpointDecl, Framework, Location, Ref, RouterDecl, RouterInclude, Template

ENDPOINT_DECORATORS = frozenset({"websocket", "websocket_route"})
ROUTE_REGISTRATIONS = frozenset({"add_api_websocket_route", "add_websocket_route"})
ROUTE_CLASSES = frozenset({"WebSocketRoute"})
MOUNT_CLASSES = frozenset({"Mount"})
ROUTER_CLASSES = frozenset({"APIRouter", "FastAPI", "Starlette", "Router"})
APP_CLASSES = frozenset({"FastAPI", "Starlette"})
INCLUDE_METHODS = frozenset({"include_router"})
# The socket's own API: what sends to this one client, and what waits for its messages.
SEND_METHODS = frozenset({"send_json", "send_text", "send_bytes", "send_str"})
JSON_SENDS = frozenset({"send_json"})  # their argument is a message even when wscheck cannot read it
RECEIVE_METHODS = frozenset(
    {"receive", "receive_text", "receive_json", "receive_bytes", "receive_str", "iter_text", "iter_json", "iter_bytes"}
)


def takes_websocket(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A handler's parameter is usually named or annotated as a WebSocket."""
    for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
        name = arg.arg.lower()
        if "websocket" in name or name == "ws":
            return True
        if arg.annotation is not None and "WebSocket" in ast.dump(arg.annotation):
            return True
    return False


def endpoint_decorator(decorator: cst.Decorator) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    """(router expression, path expression) for `@router.websocket("/ws")`."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return None
    if call.func.attr.value not in ENDPOINT_DECORATORS:
        return None
    path = argument(call, 0, "path")
    return (call.func.value, path) if path is not None else None


class Routes:
    """Collects one module's WebSocket routes, routers and router includes."""

    def __init__(self, module: str, loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.endpoints: list[EndpointDecl] = []
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []
        self.mount_prefixes: list[cst.BaseExpression] = []  # Starlette `Mount("/p", routes=[...])` around a call

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, outer: Scope) -> None:
        """`@router.websocket(path)` on a handler."""
        for decorator in node.decorators:
            found = endpoint_decorator(decorator)
            if found is not None:
                router, path = found
                self.endpoints.append(
                    EndpointDecl(
                        outer.value(path), outer.value(router), Ref(*qualname.split(":", 1)), location, Framework.FASTAPI,
                        first_line=self.loc(node.decorators[0]).line,
                    )
                )

    def binding(self, dotted_name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`router = APIRouter(prefix=...)`, `app = FastAPI()`."""
        if isinstance(value, cst.Call) and called_name(value) in ROUTER_CLASSES:
            prefix = argument(value, 99, "prefix")
            ref = Ref(self.module, dotted_name)
            is_app = called_name(value) in APP_CLASSES
            self.routers.append(RouterDecl(ref, scope.value(prefix) if prefix is not None else None, location, is_app))

    def enter_call(self, node: cst.Call, name: str) -> None:
        """Every call, on the way in: a `Mount` prefix holds for the calls inside it."""
        if name in MOUNT_CLASSES:
            prefix = argument(node, 0, "path")
            if prefix is not None:
                self.mount_prefixes.append(prefix)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """Record a route-shaped call; True when it was one (it is then no helper call)."""
        if name in INCLUDE_METHODS and isinstance(node.func, cst.Attribute):
            child = argument(node, 0, "router")
            prefix = argument(node, 99, "prefix")
            if child is not None:
                self.includes.append(
                    RouterInclude(scope.value(node.func.value), scope.value(child), scope.value(prefix) if prefix else None, self.loc(node))
                )
            return True
        if name in ROUTE_REGISTRATIONS and isinstance(node.func, cst.Attribute):
            self._registration(node, scope.value(node.func.value), scope)
            return True
        if name in ROUTE_CLASSES:
            self._registration(node, None, scope)
            return True
        return False

    def leave_call(self, node: cst.Call, name: str | None) -> None:
        if name in MOUNT_CLASSES and argument(node, 0, "path") is not None:
            self.mount_prefixes.pop()

    def _registration(self, node: cst.Call, router, scope: Scope) -> None:
        path = argument(node, 0, "path")
        handler = argument(node, 1, "endpoint", "route")
        if path is None or handler is None:
            return
        mount = Template(tuple(scope.value(p) for p in self.mount_prefixes)) if router is None and self.mount_prefixes else None
        framework = Framework.STARLETTE if router is None else Framework.FASTAPI
        self.endpoints.append(EndpointDecl(scope.value(path), router, scope.value(handler), self.loc(node), framework, mount))
