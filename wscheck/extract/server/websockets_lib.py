"""websockets (the library's own server): `serve(handler, host, port)` in each of its
spellings (`websockets.serve`, `websockets.server.serve`, `websockets.asyncio.server.serve`,
the sync server's, `unix_serve`), a handler wrapped in `functools.partial`, the router's
werkzeug `Rule(path, endpoint=handler)`, and `broadcast(connections, message)`.

A served handler gets every path the server is asked for, so its endpoint's path is "/";
only the router names paths. The handler's socket API is the plain one (plain_sockets).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.blueprints import route_text
from wscheck.extract.server.values import Scope, argument, dotted
from wscheck.facts import EndpointDecl, Framework, Handshake, Location, Ref, Str

MODULE = "websockets"
SERVES = frozenset({"serve", "unix_serve"})
RULES = frozenset({"Rule"})  # werkzeug's, in a module that routes with websockets' router
BROADCASTS = frozenset({"broadcast"})  # broadcast(connections, message): the audience comes first
PARTIALS = frozenset({"partial"})
ANY_PATH = Str("/")


def from_websockets(ref: Ref | None) -> bool:
    return ref is not None and ref.module.split(".")[0] == MODULE


class WebsocketsServers:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], handshakes: list[Handshake]):
        self.module = module
        self.imports = imports
        self.loc = loc
        self.active = any(from_websockets(ref) for ref in imports.values())
        self.routed = any(from_websockets(ref) and ref.module.endswith(".router") for ref in imports.values())
        self.endpoints: list[EndpointDecl] = []
        self.handshakes = handshakes
        self.defs: dict[str, Location] = {}  # module function -> its `def` line, for the handshake

    def function(self, qualname: str, location: Location) -> None:
        self.defs[qualname] = location

    def names_websockets(self, func: cst.BaseExpression) -> bool:
        """`serve` / `broadcast` imported from websockets, or `websockets.serve`, `ws_server.serve`."""
        parts = dotted(func)
        return bool(parts) and from_websockets(self.imports.get(parts[0]))

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        if not self.active:
            return False
        if name in SERVES and self.names_websockets(node.func):
            return self._endpoint(ANY_PATH, argument(node, 0, "handler", "ws_handler"), node, scope)
        if name in RULES and self.routed:
            path = argument(node, 0, "string")
            if path is None:
                return False
            return self._endpoint(route_text(scope.value(path)), argument(node, 99, "endpoint"), node, scope)
        return False

    def is_broadcast(self, node: cst.Call, name: str) -> bool:
        return self.active and name in BROADCASTS and self.names_websockets(node.func)

    def _endpoint(self, path, handler: cst.BaseExpression | None, node: cst.Call, scope: Scope) -> bool:
        for _ in range(4):  # `partial(handler, registry)`, also bound to a local name first
            if isinstance(handler, cst.Name) and len(scope.locals.get(handler.value, ())) == 1:
                handler = scope.locals[handler.value][0]
            elif isinstance(handler, cst.Call) and (dotted(handler.func) or [""])[-1] in PARTIALS:
                handler = argument(handler, 0, "func")
            else:
                break
        if handler is None or dotted(handler) is None:
            return False
        value = scope.value(handler)
        if any(e.path == path and e.handler == value for e in self.endpoints):
            return True  # the same handler served again (on another port): one endpoint
        location = self.loc(node)
        self.endpoints.append(EndpointDecl(path, None, value, location, Framework.WEBSOCKETS))
        if isinstance(value, Ref):
            here = f"{value.module}:{value.name}"
            self.handshakes.append(Handshake(value, self.defs.get(here, location), Framework.WEBSOCKETS))
        return True
