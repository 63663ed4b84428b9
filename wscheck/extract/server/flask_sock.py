"""Flask-Sock: `@sock.route(path)` handlers, also on a blueprint (`@sock.route(path, bp=bp)`).

`sock = Sock(app)` here, or `sock = Sock()` in an extensions module and `sock.init_app(app)`
in the factory: a routes module may import `sock` from the project and never name
flask_sock. There `@sock.route` is told from Flask's own `@app.route` by its handler: Flask
passes a view only its URL variables, so a first parameter with no default that is no
variable of the path is the socket Flask-Sock hands it (`def echo(ws)`).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.blueprints import MODULES, route_text, served, uses
from wscheck.extract.server.plain_sockets import SocketSends, socket_like
from wscheck.extract.server.values import Scope, argument, called_name
from wscheck.facts import EndpointDecl, Framework, Handshake, Location, Ref, Str

SOCK_CLASSES = frozenset({"Sock"})
DECORATORS = frozenset({"route"})


def path_variables(path: cst.BaseExpression) -> set[str] | None:
    """The URL variables of a literal path (`/ws/<int:room>` -> {"room"}); None if not a literal."""
    if not isinstance(path, cst.SimpleString) or not isinstance(path.evaluated_value, str):
        return None
    text = route_text(Str(path.evaluated_value))
    assert isinstance(text, Str)
    return {piece[1:-1] for piece in text.text.split("/") if piece.startswith("{") and piece.endswith("}")}


class FlaskSockRoutes:
    def __init__(
        self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], handshakes: list[Handshake],
        sockets: SocketSends,
    ):
        self.module = module
        self.imports = imports
        self.loc = loc
        self.active = uses(imports, "flask_sock")
        self.socks: set[str] = set()  # module names bound to `Sock(...)`
        self.endpoints: list[EndpointDecl] = []
        self.handshakes = handshakes
        self.sockets = sockets

    def binding(self, name: str, value: cst.BaseExpression) -> None:
        if self.active and isinstance(value, cst.Call) and called_name(value) in SOCK_CLASSES:
            self.socks.add(name)

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call) or called_name(call) not in DECORATORS or not isinstance(call.func, cst.Attribute):
                continue
            path, blueprint = argument(call, 0, "path"), argument(call, 1, "bp")
            first = _first_param(node)
            if path is None or first is None or not self._is_sock(call.func.value, blueprint, first, path):
                continue
            ref = Ref(*qualname.split(":", 1))
            router = scope.value(blueprint) if blueprint is not None else None
            served(self.endpoints, self.handshakes, EndpointDecl(
                route_text(scope.value(path)), router, ref, location, Framework.FLASK_SOCK,
                first_line=self.loc(node.decorators[0]).line,
            ))
            self.sockets.hand(qualname, first.name.value)

    def _is_sock(self, receiver: cst.BaseExpression, blueprint, first: cst.Param, path: cst.BaseExpression) -> bool:
        if not isinstance(receiver, cst.Name):
            return False
        if receiver.value in self.socks or blueprint is not None:
            return True
        origin = self.imports.get(receiver.value)
        if origin is not None and origin.module.split(".")[0] in MODULES:
            return False  # Flask's (or Quart's) own app or blueprint
        if origin is None and not self.active:
            return False
        if first.default is not None:
            return False
        variables = path_variables(path)
        return first.name.value not in variables if variables is not None else socket_like(first.name.value)


def _first_param(node: cst.FunctionDef) -> cst.Param | None:
    params = [*node.params.posonly_params, *node.params.params]
    return params[0] if params else None
