"""Litestar: `@websocket(path)` handlers, `@websocket_listener(path)` and `WebsocketListener`
classes, `Router(path=..., route_handlers=[...])` prefixes, and the channels plugin's
`publish(data, channels=[...])`.

A handler is its own router here: `Router(path="/api", route_handlers=[chat])` includes
`chat` under `/api`, so the model's router chains give the full path."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Framework, Location, Opaque, Ref, RouterDecl, RouterInclude

HANDLER_DECORATORS = frozenset({"websocket"})  # the handler runs once per connection
LISTENER_DECORATORS = frozenset({"websocket_listener"})  # called for each client message
LISTENER_BASES = frozenset({"WebsocketListener"})
ROUTER_CLASSES = frozenset({"Router"})
SOCKET_SENDS = frozenset({"send_data", "send_msgpack"})  # besides send_json/send_text/send_bytes
ENTRY_METHODS = frozenset({"on_accept", "on_disconnect"})  # of a WebsocketListener
MESSAGE_METHODS = frozenset({"on_receive"})


def uses_litestar(imports: dict[str, Ref]) -> bool:
    return any(ref.module.split(".")[0] in ("litestar", "starlite") for ref in imports.values())


def is_listener(bases: tuple[str, ...]) -> bool:
    return any(base.rsplit(".", 1)[-1] in LISTENER_BASES for base in bases)


def plugin_publish(node: cst.Call, name: str) -> bool:
    """`channels.publish(data, channels=["status"])`: the data comes first."""
    return name == "publish" and any(a.keyword is not None and a.keyword.value == "channels" for a in node.args)


class LitestarRoutes:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.imports = imports
        self.loc = loc
        self.active = uses_litestar(imports)
        self.endpoints: list[EndpointDecl] = []
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []
        self._bound: dict[int, tuple[str, Location]] = {}  # id of a `Router(...)` call -> the name it is bound to

    def binding(self, name: str, value: cst.BaseExpression, location: Location) -> None:
        if self.active and isinstance(value, cst.Call) and called_name(value) in ROUTER_CLASSES:
            self._bound[id(value)] = (name, location)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """`Router(path="/api", route_handlers=[...])`: each handler (or router) listed is included under the path."""
        if not self.active or name not in ROUTER_CLASSES:
            return False
        path = argument(node, 0, "path")
        handlers = argument(node, 99, "route_handlers")
        if path is None or not isinstance(handlers, (cst.List, cst.Tuple)):
            return False
        bound = self._bound.get(id(node))
        parent = Ref(self.module, bound[0]) if bound else None
        if bound:
            self.routers.append(RouterDecl(Ref(self.module, bound[0]), None, bound[1]))
        for element in handlers.elements:
            if dotted(element.value) is not None:
                self.includes.append(RouterInclude(parent, scope.value(element.value), scope.value(path), self.loc(node)))
        return True

    def _decorator(self, expr: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
        if not isinstance(expr, cst.Call):
            return None
        name = called_name(expr)
        if name not in HANDLER_DECORATORS | LISTENER_DECORATORS:
            return None
        if isinstance(expr.func, cst.Name):
            origin = self.imports.get(name)
            if origin is None or origin.module.split(".")[0] not in ("litestar", "starlite"):
                return None
        elif not self.active:
            return None
        path = argument(expr, 0, "path")
        return (name, path) if path is not None else None

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        for decorator in node.decorators:
            found = self._decorator(decorator.decorator)
            if found is None:
                continue
            name, path = found
            ref = Ref(*qualname.split(":", 1))
            listener = name in LISTENER_DECORATORS
            self.endpoints.append(
                EndpointDecl(
                    scope.value(path), ref, Opaque(node.name.value) if listener else ref, location, Framework.LITESTAR,
                    first_line=self.loc(node.decorators[0]).line, receivers=(ref,) if listener else (),
                )
            )

    def klass(self, node: cst.ClassDef, name: str, bases: tuple[str, ...], location: Location, scope: Scope) -> None:
        """`class Handler(WebsocketListener): path = "/ws"`."""
        if not is_listener(bases):
            return
        for statement in node.body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == "path" for t in small.targets
                ):
                    ref = Ref(self.module, name)
                    self.endpoints.append(EndpointDecl(scope.value(small.value), ref, ref, location, Framework.LITESTAR))
