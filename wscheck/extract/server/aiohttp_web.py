"""aiohttp: routes whose handler opens a `web.WebSocketResponse`.

Every GET route is recorded (`router.add_get`, `add_route("GET", ...)`, `web.get(...)` in
`add_routes`, `@routes.get(...)` on a `RouteTableDef`); the model keeps those whose
handler creates a `WebSocketResponse`, since most routes of an aiohttp app are HTTP.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Framework, Location, Ref

RESPONSE_CLASSES = frozenset({"WebSocketResponse"})
GET_ROUTES = frozenset({"add_get", "get"})  # app.router.add_get(path, h), web.get(path, h), @routes.get(path)
ANY_ROUTES = frozenset({"add_route", "route"})  # add_route("GET", path, h), web.route("*", path, h)
WEBSOCKET_METHODS = frozenset({"GET", "*"})


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
        if not isinstance(call.func, cst.Attribute) or not (self.active or name == "add_get"):
            return None
        if name in GET_ROUTES:
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
        for decorator in node.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call) and (name := called_name(call)) is not None:
                path = self._route(call, name)
                if path is not None and name not in ("add_get", "add_route"):
                    self.endpoints.append(
                        EndpointDecl(
                            scope.value(path), None, Ref(*qualname.split(":", 1)), location, Framework.AIOHTTP,
                            first_line=self.loc(node.decorators[0]).line,
                        )
                    )
