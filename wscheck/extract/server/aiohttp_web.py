"""aiohttp: routes whose handler opens a `web.WebSocketResponse`.

Every GET route is recorded (`router.add_get`, `add_route("GET", ...)`, `web.get(...)` in
`add_routes`, `@routes.get(...)` on a `RouteTableDef`), and every class-based view
(`router.add_view(path, View)`, `@routes.view(path)`, or a view class whose `url`
attribute is its path, as apps that register views through their own helper write it);
the model keeps those whose handler creates a `WebSocketResponse`, since most routes of
an aiohttp app are HTTP. A function that creates one and `prepare`s it is a handshake,
routed or not.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Framework, Location, Ref

RESPONSE_CLASSES = frozenset({"WebSocketResponse"})
PREPARE = "prepare"  # `await ws.prepare(request)`: the handshake itself
GET_ROUTES = frozenset({"add_get", "get"})  # app.router.add_get(path, h), web.get(path, h), @routes.get(path)
ANY_ROUTES = frozenset({"add_route", "route"})  # add_route("GET", path, h), web.route("*", path, h)
VIEW_ROUTES = frozenset({"add_view", "view"})  # app.router.add_view(path, View), web.view(path, View), @routes.view(path)
# specific enough to be read in a module that does not import aiohttp (`add_route` only with a method literal)
ROUTER_METHODS = frozenset({"add_get", "add_view", "add_route"})
WEBSOCKET_METHODS = frozenset({"GET", "*"})
VIEW_PATH = "url"  # `class WebsocketAPIView(HomeAssistantView): url = "/api/websocket"`
VIEW_METHODS = frozenset({"get"})  # a class-based view answers the upgrade request in `get`


def uses_aiohttp(imports: dict[str, Ref]) -> bool:
    return any(ref.module.split(".")[0] == "aiohttp" for ref in imports.values())


class AiohttpRoutes:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.active = uses_aiohttp(imports)
        self.endpoints: list[EndpointDecl] = []

    def _route(self, call: cst.Call, name: str) -> cst.BaseExpression | None:
        """The path of a GET route call, else None."""
        if not isinstance(call.func, cst.Attribute) or not (self.active or name in ROUTER_METHODS):
            return None
        if name in GET_ROUTES | VIEW_ROUTES:
            return argument(call, 0, "path")
        if name in ANY_ROUTES:
            method = argument(call, 0, "method")
            if isinstance(method, cst.SimpleString) and str(method.evaluated_value).upper() in WEBSOCKET_METHODS:
                return argument(call, 1, "path")
        return None

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        path = self._route(node, name)
        if path is None:
            return False
        handler = argument(node, 2 if name in ANY_ROUTES else 1, "handler")
        if handler is None or dotted(handler) is None:
            return False
        self.endpoints.append(EndpointDecl(scope.value(path), None, scope.value(handler), self.loc(node), Framework.AIOHTTP))
        return True

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        found = self._decorated(node.decorators, GET_ROUTES | ANY_ROUTES)
        if found is not None:
            self.endpoints.append(
                EndpointDecl(scope.value(found[0]), None, Ref(*qualname.split(":", 1)), location, Framework.AIOHTTP, first_line=found[1])
            )

    def klass(self, node: cst.ClassDef, name: str, location: Location, scope: Scope) -> None:
        """`@routes.view("/ws")` on a view class, or a view class whose `url` attribute is its path."""
        ref = Ref(self.module, name)
        found = self._decorated(node.decorators, VIEW_ROUTES)
        if found is not None:
            self.endpoints.append(EndpointDecl(scope.value(found[0]), None, ref, location, Framework.AIOHTTP, first_line=found[1]))
            return
        path = _class_attribute(node, VIEW_PATH)
        defines_get = any(isinstance(s, cst.FunctionDef) and s.name.value in VIEW_METHODS for s in node.body.body)
        if self.active and path is not None and defines_get:
            self.endpoints.append(EndpointDecl(scope.value(path), None, ref, location, Framework.AIOHTTP))

    def _decorated(self, decorators, names: frozenset[str]) -> tuple[cst.BaseExpression, int] | None:
        """(path, line) of the first route decorator of these names (`@routes.get(path)`)."""
        for decorator in decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call) and (name := called_name(call)) in names and not name.startswith("add_"):
                path = self._route(call, name)
                if path is not None:
                    return path, self.loc(decorators[0]).line
        return None


def _class_attribute(node: cst.ClassDef, name: str) -> cst.BaseExpression | None:
    """The value of `name = ...` (or `name: str = ...`) in a class body; None when unset or None."""
    for statement in node.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else (
                [small.target] if isinstance(small, cst.AnnAssign) and small.value is not None else []
            )
            if any(isinstance(t, cst.Name) and t.value == name for t in targets):
                value = small.value
                return None if isinstance(value, cst.Name) and value.value == "None" else value
    return None
