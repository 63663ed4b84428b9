"""Blueprints: the routing Flask (under Flask-Sock), Quart and Sanic share — apps, `Blueprint(...,
url_prefix=...)`, `register_blueprint(bp, url_prefix=...)` (Flask, Quart), `app.blueprint(bp)` and
`Blueprint.group(a, b, url_prefix=...)` (Sanic) — and their path syntax.

A prefix given when registering replaces the blueprint's own (`RouterInclude.overrides`), as
Flask, Quart and Sanic all do; a group's prefix comes before its members' own.
"""

from __future__ import annotations

import re
from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Handshake, Location, Ref, RouterDecl, RouterInclude, Str, Value

MODULES = frozenset({"flask", "quart", "sanic"})
APP_CLASSES = frozenset({"Flask", "Quart", "Sanic"})
BLUEPRINT_CLASSES = frozenset({"Blueprint"})
GROUPS = frozenset({"group"})  # Sanic `Blueprint.group(a, b, url_prefix="/api")`
REGISTRATIONS = frozenset({"register_blueprint"})  # Flask, Quart; nested blueprints too
SANIC_REGISTRATIONS = frozenset({"blueprint"})  # `app.blueprint(bp)`, `app.blueprint([a, b])`, `app.blueprint(group)`
PREFIX = "url_prefix"
_WERKZEUG = re.compile(r"<(?:[^<>:]+:)?(\w+)>")  # `<int:order_id>`, `<room>`
_SANIC = re.compile(r"<(\w+)(?::[^<>]+)?>")  # `<order_id:int>`, `<room>`


def served(endpoints: list[EndpointDecl], handshakes: list[Handshake], decl: EndpointDecl, at: Location | None = None) -> None:
    """A route of one of the plain-socket stacks, and the handshake of the handler it serves
    (at the handler's `def`, where it is known)."""
    endpoints.append(decl)
    if isinstance(decl.handler, Ref):
        handshakes.append(Handshake(decl.handler, at or decl.location, decl.framework))


def uses(imports: dict[str, Ref], *modules: str) -> bool:
    return any(ref.module.split(".")[0] in modules for ref in imports.values())


def route_text(value: Value, sanic: bool = False) -> Value:
    """Route syntax as wscheck paths: `<int:id>` (werkzeug) and `<id:int>` (Sanic) become `{id}`."""
    if not isinstance(value, Str):
        return value
    return Str((_SANIC if sanic else _WERKZEUG).sub(lambda m: "{" + m.group(1) + "}", value.text))


def decorated_route(decorator: cst.Decorator, methods: frozenset[str], keywords: tuple[str, ...]):
    """(router expression, path expression, the call) of `@router.websocket("/ws")` and the like."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute) or call.func.attr.value not in methods:
        return None
    path = argument(call, 0, *keywords)
    return (call.func.value, path, call) if path is not None else None


def keyword_true(call: cst.Call, keyword: str) -> bool:
    return any(
        a.keyword is not None and a.keyword.value == keyword and isinstance(a.value, cst.Name) and a.value.value == "True"
        for a in call.args
    )


class Blueprints:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.active = uses(imports, *MODULES)
        self.sanic = uses(imports, "sanic")
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []

    def binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        if not self.active or not isinstance(value, cst.Call):
            return
        called = called_name(value)
        ref = Ref(self.module, name)
        if called in APP_CLASSES:
            self.routers.append(RouterDecl(ref, None, location, is_app=True))
        elif called in BLUEPRINT_CLASSES:
            prefix = argument(value, 99, PREFIX)
            self.routers.append(RouterDecl(ref, scope.value(prefix) if prefix is not None else None, location))
        elif called in GROUPS and self.sanic and (dotted(value.func) or [""])[0] in BLUEPRINT_CLASSES:
            prefix = argument(value, 99, PREFIX)
            self.routers.append(RouterDecl(ref, scope.value(prefix) if prefix is not None else None, location))
            for arg in value.args:
                if arg.keyword is None and not arg.star:
                    self._include(ref, arg.value, None, value, scope, overrides=False)

    def local_binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`app = Quart(__name__)` in a factory: an app known by the factory's name (`create_app.app`)."""
        if self.active and isinstance(value, cst.Call) and called_name(value) in APP_CLASSES and scope.function:
            self.routers.append(RouterDecl(Ref(self.module, f"{scope.function.split(':', 1)[1]}.{name}"), None, location, is_app=True))

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        if not self.active or not isinstance(node.func, cst.Attribute):
            return False
        if name not in REGISTRATIONS and not (self.sanic and name in SANIC_REGISTRATIONS):
            return False
        child = argument(node, 0, "blueprint")
        if child is None:
            return False
        prefix = argument(node, 99, PREFIX)
        parent = scope.value(node.func.value)
        children = [e.value for e in child.elements] if isinstance(child, (cst.List, cst.Tuple)) else [child]
        for each in children:
            self._include(parent, each, prefix, node, scope, overrides=True)
        return True

    def _include(self, parent: Value, child: cst.BaseExpression, prefix, node: cst.Call, scope: Scope, overrides: bool) -> None:
        if dotted(child) is None:
            return
        self.includes.append(RouterInclude(
            parent, scope.value(child), scope.value(prefix) if prefix is not None else None, self.loc(node),
            overrides=overrides and prefix is not None,
        ))
