"""Tornado: `WebSocketHandler` subclasses, the route tables that map paths to them, and
`write_message`.

A socket class derives from `tornado.websocket.WebSocketHandler` (however it is imported)
or from a class of the same module that does; each is a Handshake, routed or not, and
Tornado itself calls its `open`, `on_message` and `on_close` (facts.CALLBACK_ROLES).
Routes are read off their shape wherever they are written, since an app hands its table
around (a module's `handlers = [...]` given to `Application` elsewhere, `super().__init__(
handlers)` in an Application subclass, `add_handlers(host, [...])`): a `(pattern, Handler
[, kwargs[, name]])` tuple inside a list or tuple, and `url(...)` / `URLSpec(...)`. Most
routes of a Tornado app are HTTP `RequestHandler`s: every one is recorded, and the model
keeps those whose handler is a socket class (through project base classes of other
modules too: model.socket_classes).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, dotted
from wscheck.facts import CALLBACK_ROLES, EndpointDecl, Framework, HandlerRole, Location, Ref, Value

SOCKET_BASE = "tornado.websocket.WebSocketHandler"  # what a base names, whichever way it is imported
SOCKET_BASES = frozenset({SOCKET_BASE.rsplit(".", 1)[-1]})
URL_CALLS = frozenset({"url", "URLSpec"})  # url(pattern, Handler, kwargs, name)
ROUTE_APPENDS = frozenset({"append", "insert"})  # handlers.append((pattern, Handler))
SOCKET_SENDS = frozenset({"write_message"})  # dicts are sent as JSON, strings as they are
ROLES = CALLBACK_ROLES[Framework.TORNADO]
_PATTERNS = (cst.Name, cst.Attribute, cst.BinaryOperation, cst.Call, cst.FormattedString)  # besides literals


def uses_tornado(imports: dict[str, Ref]) -> bool:
    return any(ref.module.split(".")[0] == "tornado" for ref in imports.values())


class TornadoHandlers:
    """One module's socket classes and route entries."""

    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.active = uses_tornado(imports)
        self.sockets: set[str] = set()  # this module's socket classes, dotted within it
        self.endpoints: list[EndpointDecl] = []

    # --- socket classes ------------------------------------------------------------------
    def klass(self, node: cst.ClassDef, name: str, scope: Scope) -> bool:
        """Whether the class is a socket class (it then gets a Handshake)."""
        if any(self._socket_base(scope.value(base.value)) for base in node.bases):
            self.sockets.add(name)
            return True
        return False

    def _socket_base(self, value: Value) -> bool:
        if not isinstance(value, Ref):
            return False
        if value.module == self.module:
            return value.name in self.sockets
        return f"{value.module}.{value.name}" == SOCKET_BASE

    def role(self, class_name: str, method: str) -> HandlerRole | None:
        return ROLES.get(method) if class_name in self.sockets else None

    # --- routes --------------------------------------------------------------------------
    def sequence(self, node: cst.List | cst.Tuple | cst.Set, scope: Scope) -> None:
        """A route table: each `(pattern, Handler, ...)` tuple held in it."""
        for element in node.elements:
            if isinstance(element, cst.Element) and isinstance(element.value, cst.Tuple):
                self._route_tuple(element.value, scope)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """`url(pattern, Handler)` / `URLSpec(...)`, and `handlers.append((pattern, Handler))`."""
        if name in URL_CALLS and self._tornado_name(node.func, scope):
            pattern, handler = argument(node, 0, "pattern"), argument(node, 1, "handler")
            return pattern is not None and handler is not None and self._route(node, pattern, handler, scope)
        if name in ROUTE_APPENDS and isinstance(node.func, cst.Attribute):
            return any(isinstance(a.value, cst.Tuple) and self._route_tuple(a.value, scope) for a in node.args)
        return False

    def _route_tuple(self, node: cst.Tuple, scope: Scope) -> bool:
        parts = [e.value for e in node.elements if isinstance(e, cst.Element)]
        if not 2 <= len(parts) <= 4 or len(parts) != len(node.elements):
            return False
        return self._route(node, parts[0], parts[1], scope)

    def _route(self, node: cst.CSTNode, pattern: cst.BaseExpression, handler: cst.BaseExpression, scope: Scope) -> bool:
        names = dotted(handler)
        if not names or not names[-1][:1].isupper() or not self._pattern(pattern):
            return False  # a handler is a class
        target = scope.value(handler)
        if not isinstance(target, Ref):
            return False
        # the pattern is a regex, read as a path in the model once its parts are known (model.urls.regex_path)
        self.endpoints.append(EndpointDecl(scope.value(pattern), None, target, self.loc(node), Framework.TORNADO))
        return True

    def _pattern(self, node: cst.BaseExpression) -> bool:
        """A URL pattern: any string-like expression in a module that uses Tornado; in a
        routes module that imports only its handlers, a literal path."""
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            text = node.evaluated_value
            return isinstance(text, str) and (self.active or text.startswith(("/", "^/")))
        return self.active and isinstance(node, _PATTERNS)

    def _tornado_name(self, func: cst.BaseExpression, scope: Scope) -> bool:
        value = scope.value(func)
        return isinstance(value, Ref) and value.module.split(".")[0] == "tornado"
