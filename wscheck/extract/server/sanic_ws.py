"""Sanic: `@app.websocket(uri)` / `@bp.websocket(uri)`, `@app.route(uri, websocket=True)`,
`app.add_websocket_route(handler, uri)`; the handler `async def feed(request, ws)` is handed
the socket as its second parameter. Blueprint prefixes are read by blueprints."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.blueprints import decorated_route, keyword_true, route_text, served, uses
from wscheck.extract.server.plain_sockets import SocketSends
from wscheck.extract.server.values import Scope, argument, dotted
from wscheck.facts import EndpointDecl, Framework, Handshake, Location, Ref

DECORATORS = frozenset({"websocket"})
ROUTES = frozenset({"route"})  # with websocket=True
REGISTRATIONS = frozenset({"add_websocket_route"})
ROUTE_REGISTRATIONS = frozenset({"add_route"})  # with websocket=True
KEYWORDS = ("uri",)
SOCKET_PARAM = 1  # (request, ws)


class SanicRoutes:
    def __init__(
        self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], handshakes: list[Handshake],
        sockets: SocketSends,
    ):
        self.module = module
        self.loc = loc
        self.active = uses(imports, "sanic")
        self.endpoints: list[EndpointDecl] = []
        self.handshakes = handshakes
        self.sockets = sockets
        self.defs: dict[str, Location] = {}

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        self.defs[qualname] = location
        if not self.active:
            return
        for decorator in node.decorators:
            found = decorated_route(decorator, DECORATORS, KEYWORDS) or decorated_route(decorator, ROUTES, KEYWORDS)
            if found is None or (found[2].func.attr.value in ROUTES and not keyword_true(found[2], "websocket")):
                continue
            router, path, _ = found
            ref = Ref(*qualname.split(":", 1))
            served(self.endpoints, self.handshakes, EndpointDecl(
                route_text(scope.value(path), sanic=True), scope.value(router), ref, location, Framework.SANIC,
                first_line=self.loc(node.decorators[0]).line,
            ))
            params = [*node.params.posonly_params, *node.params.params]
            if len(params) > SOCKET_PARAM:
                self.sockets.hand(qualname, params[SOCKET_PARAM].name.value)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """`app.add_websocket_route(handler, "/feed")`, `bp.add_route(handler, "/feed", websocket=True)`."""
        if not self.active or not isinstance(node.func, cst.Attribute):
            return False
        if name not in REGISTRATIONS and not (name in ROUTE_REGISTRATIONS and keyword_true(node, "websocket")):
            return False
        handler, path = argument(node, 0, "handler"), argument(node, 1, *KEYWORDS)
        if path is None or handler is None or dotted(handler) is None:
            return False
        value, location = scope.value(handler), self.loc(node)
        self.endpoints.append(EndpointDecl(
            route_text(scope.value(path), sanic=True), scope.value(node.func.value), value, location, Framework.SANIC,
        ))
        if isinstance(value, Ref):
            self.handshakes.append(Handshake(value, self.defs.get(f"{value.module}:{value.name}", location), Framework.SANIC))
        return True
