"""Quart: `@app.websocket(rule)` / `@bp.websocket(rule)` handlers and `app.add_websocket(rule,
endpoint, view_func)`. A Quart handler takes no socket: it talks through the `websocket`
global (`from quart import websocket`), which plain_sockets treats as a socket."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.blueprints import decorated_route, route_text, served, uses
from wscheck.extract.server.values import Scope, argument, dotted
from wscheck.facts import EndpointDecl, Framework, Handshake, Location, Ref

DECORATORS = frozenset({"websocket"})
REGISTRATIONS = frozenset({"add_websocket"})
KEYWORDS = ("rule", "path")


class QuartRoutes:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], handshakes: list[Handshake]):
        self.module = module
        self.loc = loc
        self.active = uses(imports, "quart")
        self.endpoints: list[EndpointDecl] = []
        self.handshakes = handshakes
        self.defs: dict[str, Location] = {}

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        self.defs[qualname] = location
        if not self.active:
            return
        for decorator in node.decorators:
            found = decorated_route(decorator, DECORATORS, KEYWORDS)
            if found is not None:
                router, path, _ = found
                ref = Ref(*qualname.split(":", 1))
                served(self.endpoints, self.handshakes, EndpointDecl(
                    route_text(scope.value(path)), scope.value(router), ref, location, Framework.QUART,
                    first_line=self.loc(node.decorators[0]).line,
                ))

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """`app.add_websocket("/ws", "ws", handler)`."""
        if not self.active or name not in REGISTRATIONS or not isinstance(node.func, cst.Attribute):
            return False
        path, handler = argument(node, 0, *KEYWORDS), argument(node, 2, "view_func")
        if path is None or handler is None or dotted(handler) is None:
            return False
        value, location = scope.value(handler), self.loc(node)
        self.endpoints.append(EndpointDecl(route_text(scope.value(path)), scope.value(node.func.value), value, location, Framework.QUART))
        if isinstance(value, Ref):
            self.handshakes.append(Handshake(value, self.defs.get(f"{value.module}:{value.name}", location), Framework.QUART))
        return True
