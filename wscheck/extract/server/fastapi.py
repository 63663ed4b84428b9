"""FastAPI / Starlette: WebSocket routes, routers, prefixes and mounts, and the socket API.

`Routes` is the visitor's delegate for everything route-shaped; its facts are the file's
`EndpointDecl`s, `RouterDecl`s and `RouterInclude`s.
"""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Framework, Location, Ref, RouterDecl, RouterGroup, RouterInclude, Template

ENDPOINT_DECORATORS = frozenset({"websocket", "websocket_route"})
ROUTE_REGISTRATIONS = frozenset({"add_api_websocket_route", "add_websocket_route"})
ROUTE_CLASSES = frozenset({"WebSocketRoute"})
MOUNT_CLASSES = frozenset({"Mount"})
ROUTER_CLASSES = frozenset({"APIRouter", "FastAPI", "Starlette", "Router"})
APP_CLASSES = frozenset({"FastAPI", "Starlette"})
INCLUDE_METHODS = frozenset({"include_router"})
MOUNT_METHODS = frozenset({"mount"})  # `app.mount("/api", app=api_app)`: a sub-application under a prefix
# The socket's own API: what sends to this one client, and what waits for its messages.
SEND_METHODS = frozenset({"send_json", "send_text", "send_bytes", "send_str"})
JSON_SENDS = frozenset({"send_json"})  # their argument is a message even when wscheck cannot read it
ACCEPT_METHODS = frozenset({"accept"})  # the handshake of a socket handed to the handler
OPTIONAL_WAITS = frozenset({"wait_for"})  # a receive with a timeout: the code goes on without an answer
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

    def __init__(
        self, module: str, loc: Callable[[cst.CSTNode], Location], imports: dict[str, Ref] | None = None, active: bool = True,
    ):
        self.module = module
        # a module that imports Starlette and not FastAPI declares Starlette routes
        roots = {ref.module.split(".")[0] for ref in (imports or {}).values()}
        self.framework = Framework.STARLETTE if "starlette" in roots and "fastapi" not in roots else Framework.FASTAPI
        self.loc = loc
        self.active = active  # False where another stack spells routes alike (Quart, Sanic)
        self.endpoints: list[EndpointDecl] = []
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []
        self.mount_prefixes: list[cst.BaseExpression] = []  # Starlette `Mount("/p", routes=[...])` around a call
        self.groups: list[RouterGroup] = []
        self.for_loops: list[cst.For] = []  # the `for` statements around the current node, innermost last

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, outer: Scope) -> None:
        """`@router.websocket(path)` on a handler."""
        for decorator in node.decorators if self.active else ():
            found = endpoint_decorator(decorator)
            if found is not None:
                router, path = found
                self.endpoints.append(
                    EndpointDecl(
                        outer.value(path), outer.value(router), Ref(*qualname.split(":", 1)), location, self.framework,
                        first_line=self.loc(node.decorators[0]).line,
                    )
                )

    def binding(self, dotted_name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`router = APIRouter(prefix=...)`, `app = FastAPI()`; `router = ApiRouter(prefix=...)`
        of a project subclass (any call given a `prefix`: it only matters once a route or an
        include uses it as a router); `ROUTERS = [a.router, b.router]` for an include loop."""
        if isinstance(value, cst.Call):
            prefix = argument(value, 99, "prefix")
            if called_name(value) in ROUTER_CLASSES or prefix is not None:
                ref = Ref(self.module, dotted_name)
                is_app = called_name(value) in APP_CLASSES
                self.routers.append(RouterDecl(ref, scope.value(prefix) if prefix is not None else None, location, is_app))
        elif isinstance(value, (cst.List, cst.Tuple)) and value.elements and "." not in dotted_name:
            if all(isinstance(e, cst.Element) and dotted(e.value) for e in value.elements):
                members = tuple(scope.value(e.value) for e in value.elements)
                self.groups.append(RouterGroup(Ref(self.module, dotted_name), members, location))

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
                collection = self._loop_collection(child)
                self.includes.append(
                    RouterInclude(
                        self._router_value(node.func.value, scope), scope.value(collection if collection is not None else child),
                        scope.value(prefix) if prefix else None, self.loc(node), each=collection is not None,
                    )
                )
            return True
        if name in MOUNT_METHODS and isinstance(node.func, cst.Attribute):
            path = argument(node, 0, "path")
            child = argument(node, 1, "app")
            if path is not None and child is not None and dotted(child):
                self.includes.append(RouterInclude(
                    self._router_value(node.func.value, scope), scope.value(child), scope.value(path), self.loc(node), mount=True,
                ))
            return False  # `app.mount(...)` may well be a project helper too
        if name in ROUTE_REGISTRATIONS and isinstance(node.func, cst.Attribute) and self.active:
            self._registration(node, scope.value(node.func.value), scope)
            return True
        if name in ROUTE_CLASSES:
            self._registration(node, None, scope)
            return True
        return False

    def local_binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`app = FastAPI()` inside an app factory: a router known by the factory's name."""
        if isinstance(value, cst.Call) and called_name(value) in ROUTER_CLASSES and scope.function:
            self.binding(f"{scope.function.split(':', 1)[1]}.{name}", value, location, scope)

    def _router_value(self, node: cst.BaseExpression, scope: Scope):
        """The router an include or mount is called on; a factory's local app is named after
        the factory (`create_app.app`), so that the factory's callers can find it."""
        if isinstance(node, cst.Name) and node.value in scope.locals and scope.function:
            return Ref(self.module, f"{scope.function.split(':', 1)[1]}.{node.value}")
        return scope.value(node)

    def _loop_collection(self, child: cst.BaseExpression) -> cst.BaseExpression | None:
        """`for router in ROUTERS: app.include_router(router)`: what the loop iterates."""
        if not isinstance(child, cst.Name):
            return None
        for loop in reversed(self.for_loops):
            if isinstance(loop.target, cst.Name) and loop.target.value == child.value:
                return loop.iter if dotted(loop.iter) else None
        return None

    def leave_call(self, node: cst.Call, name: str | None) -> None:
        if name in MOUNT_CLASSES and argument(node, 0, "path") is not None:
            self.mount_prefixes.pop()

    def _registration(self, node: cst.Call, router, scope: Scope) -> None:
        path = argument(node, 0, "path")
        handler = argument(node, 1, "endpoint", "route")
        if path is None or handler is None:
            return
        mount = Template(tuple(scope.value(p) for p in self.mount_prefixes)) if router is None and self.mount_prefixes else None
        framework = Framework.STARLETTE if router is None else self.framework
        self.endpoints.append(EndpointDecl(scope.value(path), router, scope.value(handler), self.loc(node), framework, mount))
