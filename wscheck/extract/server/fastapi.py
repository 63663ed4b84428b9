"""FastAPI / Starlette: WebSocket routes, routers, prefixes and mounts, and the socket API.

`Routes` is the visitor's delegate for everything route-shaped; its facts are the file's
`EndpointDecl`s, `RouterDecl`s and `RouterInclude`s.
"""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst

from wscheck.extract.server.starlette_mounts import Containers, route_sources, route_table
from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import RETURNED, EndpointDecl, Framework, Instance, Location, Ref, RouterDecl, RouterGroup, RouterInclude, Template, Value

ENDPOINT_DECORATORS = frozenset({"websocket", "websocket_route"})
ROUTE_REGISTRATIONS = frozenset({"add_api_websocket_route", "add_websocket_route"})
ROUTE_CLASSES = frozenset({"WebSocketRoute"})
MOUNT_CLASSES = frozenset({"Mount"})
ROUTER_CLASSES = frozenset({"APIRouter", "FastAPI", "Starlette", "Router"})
APP_CLASSES = frozenset({"FastAPI", "Starlette"})
ROUTES_POSITION = {"Router": 0, "Starlette": 1}  # where `routes` is passed positionally (FastAPI's are keyword-only)
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
        self.containers = Containers()  # Starlette mounts, routers and route lists around a call
        # `factory.routes` of route lists and routers bound inside a function -> whether it is an app
        self.local_tables: dict[str, bool] = {}
        self.factories: set[str] = set()  # functions seen so far returning a router or route list
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
                self.containers.bind(value, ref)
        elif route_table(value):  # `routes = [Route(...), WebSocketRoute(...)]`, handed to an app or a mount
            self.containers.bind(value, Ref(self.module, dotted_name))
        elif isinstance(value, (cst.List, cst.Tuple)) and value.elements and "." not in dotted_name:
            if all(isinstance(e, cst.Element) and dotted(e.value) for e in value.elements):
                members = tuple(scope.value(e.value) for e in value.elements)
                self.groups.append(RouterGroup(Ref(self.module, dotted_name), members, location))

    def enter_call(self, node: cst.Call, name: str, scope: Scope) -> None:
        """Every call, on the way in: a `Mount` prefix holds for the calls inside it, a named
        router for the routes inside it; a mounted app or route list named elsewhere is included."""
        if name in MOUNT_CLASSES:
            self.containers.push(node, argument(node, 0, "path"))
            self._mounted(node, argument(node, 1, "app"), argument(node, 2, "routes"), scope)
        elif name in ROUTER_CLASSES:
            self.containers.push(node, None)
            self._mounted(node, None, argument(node, ROUTES_POSITION.get(name, 99), "routes"), scope)
        elif name in MOUNT_METHODS and isinstance(node.func, cst.Attribute):
            path = argument(node, 0, "path")
            self.containers.push(node, path, self._router_value(node.func.value, scope))
            self._mounted(node, argument(node, 1, "app"), None, scope)

    def enter_sequence(self, node: cst.List | cst.Tuple | cst.Set, scope: Scope) -> None:
        """A route list bound to a name: the routes inside are that list's."""
        if id(node) in self.containers.bound:
            self.containers.push(node, None)
            self._mounted(node, None, node, scope)

    def leave_sequence(self, node: cst.List | cst.Tuple | cst.Set) -> None:
        self.containers.pop(node)

    def _mounted(self, node: cst.CSTNode, app: cst.BaseExpression | None, routes: cst.BaseExpression | None, scope: Scope) -> None:
        """`Mount("/p", app=api_app)`, `Mount("/p", routes=ws.router.routes)`, `Router(routes=
        [*a.routes, ...])`, `app.mount("/p", make_api())`: the routes come from a router, list or
        factory named here; a router written inline (`app=Router(routes=[...])`) is visited as such."""
        sources = route_sources(routes)
        if app is not None and not (isinstance(app, cst.Call) and called_name(app) in ROUTER_CLASSES):
            sources.append(app)
        if not sources:
            return
        owner, prefixes = self.containers.around()
        prefix = Template(tuple(scope.value(p) for p in prefixes)) if prefixes else None
        for source in sources:
            if dotted(source) or isinstance(source, cst.Call):
                self.includes.append(RouterInclude(owner, self._table_value(source, scope), prefix, self.loc(node), mount=True))

    def _table_value(self, node: cst.BaseExpression, scope: Scope) -> Value:
        """A router or route list: one bound in this function is known by the function's name."""
        if isinstance(node, cst.Name) and scope.function and _local(scope, node.value) in self.local_tables:
            return Ref(self.module, _local(scope, node.value))
        return scope.value(node)

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
        if name in MOUNT_METHODS:
            return False  # `app.mount(...)` (read on the way in) may well be a project helper too
        if name in ROUTE_REGISTRATIONS and isinstance(node.func, cst.Attribute) and self.active:
            self._registration(node, scope.value(node.func.value), scope)
            return True
        if name in ROUTE_CLASSES:
            self._registration(node, None, scope, Framework.STARLETTE)
            return True
        return False

    def local_binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`app = FastAPI()` inside an app factory: a router known by the factory's name; so is
        a route list built there (`routes = [WebSocketRoute(...)]`)."""
        routes = isinstance(value, cst.Call) and called_name(value) in ROUTER_CLASSES
        if (routes or route_table(value)) and scope.function:
            local = _local(scope, name)
            self.binding(local, value, location, scope)
            self.local_tables[local] = routes and called_name(value) in APP_CLASSES

    def returning(self, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`return Router(routes=[...])` in a factory (`def api_router() -> Router`): the router
        its callers mount (`Mount("/api", app=api_router())`) is known as `api_router.return`."""
        if not scope.function:
            return
        factory = scope.function.split(":", 1)[1]
        ref = Ref(self.module, factory + RETURNED)
        if isinstance(value, cst.Call) and called_name(value) in ROUTER_CLASSES:
            prefix = argument(value, 99, "prefix")
            is_app = called_name(value) in APP_CLASSES
            self.routers.append(RouterDecl(ref, scope.value(prefix) if prefix is not None else None, location, is_app))
            self.containers.bind(value, ref)
        elif route_table(value):
            self.routers.append(RouterDecl(ref, None, location))
            self.containers.bind(value, ref)
        else:
            child = self._returned_table(value, scope)
            if child is None:
                return
            self.routers.append(RouterDecl(ref, None, location))
            self.includes.append(RouterInclude(ref, child, None, location))
        self.factories.add(factory)

    def _returned_table(self, value: cst.BaseExpression, scope: Scope) -> Value | None:
        """What a factory returns when it is routes built elsewhere: a router or route list bound
        in it (`return router`; an app returned is found as the factory's app), any router's
        `routes` (`return app_router.routes`), or another factory of this module's result
        (`return _build_routes(...)`)."""
        routes_of = value.value if isinstance(value, cst.Attribute) and value.attr.value == "routes" else None
        named = routes_of if routes_of is not None else value
        if isinstance(named, cst.Name) and self.local_tables.get(_local(scope, named.value)) is False:
            return Ref(self.module, _local(scope, named.value))
        if routes_of is not None and dotted(routes_of):
            found = scope.value(routes_of)
            return found if isinstance(found, Ref) else None
        if isinstance(value, cst.Call):
            found = scope.value(value)
            if isinstance(found, Instance) and found.cls in [Ref(self.module, f) for f in self.factories]:
                return found
        return None

    def _router_value(self, node: cst.BaseExpression, scope: Scope):
        """The router an include or mount is called on; a factory's local app is named after
        the factory (`create_app.app`), so that the factory's callers can find it."""
        if isinstance(node, cst.Name) and node.value in scope.locals and scope.function:
            return Ref(self.module, _local(scope, node.value))
        return scope.value(node)

    def _loop_collection(self, child: cst.BaseExpression) -> cst.BaseExpression | None:
        """`for router in ROUTERS: app.include_router(router)`: what the loop iterates."""
        if not isinstance(child, cst.Name):
            return None
        for loop in reversed(self.for_loops):
            if isinstance(loop.target, cst.Name) and loop.target.value == child.value:
                return loop.iter if dotted(loop.iter) else None
        return None

    def leave_call(self, node: cst.Call) -> None:
        self.containers.pop(node)

    def _registration(self, node: cst.Call, router, scope: Scope, framework: Framework | None = None) -> None:
        """`router.add_websocket_route(path, handler)`, or (no router) a `WebSocketRoute(path,
        handler)` inside the containers that give its router and mount prefixes."""
        path = argument(node, 0, "path")
        handler = argument(node, 1, "endpoint", "route")
        if path is None or handler is None:
            return
        mount = None
        if router is None:
            router, prefixes = self.containers.around()
            mount = Template(tuple(scope.value(p) for p in prefixes)) if prefixes else None
        self.endpoints.append(EndpointDecl(
            scope.value(path), router, scope.value(handler), self.loc(node), framework or self.framework, mount,
        ))


def _local(scope: Scope, name: str) -> str:
    """`create_app.app`: a name bound inside a function, as the facts know it."""
    return f"{(scope.function or '').split(':', 1)[-1]}.{name}"
