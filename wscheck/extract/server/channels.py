"""Django Channels: consumers, `websocket_urlpatterns` routing, and the channel layer.

A consumer class routed by `path`/`re_path(..., Consumer.as_asgi())` (or, Channels 2,
the class itself inside a `URLRouter`) is an endpoint; `URLRouter(...)` nested under a
`path` prefixes the routes it holds, through any middleware wrapped around it
(`TokenAuthMiddleware(URLRouter(...))`); routes may be inline in `asgi.py`, bound to
any name, or built in a function. `self.send(...)` in a consumer sends to its socket;
`group_send` (also through `async_to_sync`) is a broadcast whose `type` names the
handler method (`chat.message` -> `chat_message`), which the model joins (see
model.consumers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EndpointDecl, Framework, Location, Ref, RouterDecl, RouterInclude, Str, Template, Value

CONSUMER_BASES = frozenset({"WebsocketConsumer", "AsyncWebsocketConsumer", "JsonWebsocketConsumer", "AsyncJsonWebsocketConsumer"})
GENERIC_BASES = frozenset({"AsyncConsumer", "SyncConsumer"})  # define no handlers of their own either
PATH_FUNCTIONS = frozenset({"path", "re_path", "url"})
REGEX_PATHS = frozenset({"re_path", "url"})
ROUTER_CLASSES = frozenset({"URLRouter"})
AS_ASGI = "as_asgi"
NOT_SOCKETS = frozenset({"http", "lifespan"})  # ProtocolTypeRouter keys whose routes serve no WebSocket
SOCKETS = "websocket"  # ... and the one whose routes do
ROUTES_NAME = "websocket_urlpatterns"  # a binding by that name holds routes (and other route lists it joins)
SYNC_WRAPPERS = frozenset({"async_to_sync", "sync_to_async"})  # `async_to_sync(layer.group_send)(group, event)`
CONSUMER_SENDS = frozenset({"send"})  # `self.send(text_data=...)` in a consumer (send_json is the socket API already)
PROTOCOL_PREFIX = "websocket."  # a raw consumer's `self.send({"type": "websocket.accept"})`: the ASGI protocol itself
PROTOCOL_SEND = "websocket.send"  # ... of which only this one carries a message (its "text" or "bytes")
GROUP_SENDS = frozenset({"group_send"})  # its `type` names the consumers' handler method
GROUP_JOINS = {"group_add": (0, "group")}  # call -> (position, keyword) of the group
CLASS_GROUPS = "groups"  # `groups = ["lobby"]` on a consumer: joined on connect
ENTRY_METHODS = frozenset({"connect", "websocket_connect", "disconnect", "websocket_disconnect"})
MESSAGE_METHODS = frozenset({"receive", "receive_json", "websocket_receive"})
# A class on a project base wscheck cannot see is a consumer when it defines one of these
# (the JSON consumer's and the raw consumer's own handler names)...
CONSUMER_ONLY_METHODS = frozenset({"receive_json", "websocket_connect", "websocket_receive", "websocket_disconnect"})
# ...or defines `connect`/`receive` and uses what only a consumer has on `self`.
CONSUMER_ATTRIBUTES = frozenset({"accept", "channel_layer", "channel_name", "send_json"})

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_GROUP = re.compile(r"\([^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def is_consumer(bases: tuple[str, ...]) -> bool:
    """A Channels consumer class, or one built on a project base named like one
    (`class ChatConsumer(BaseConsumer)`): only routed classes become endpoints anyway."""
    return any(base.rsplit(".", 1)[-1] in CONSUMER_BASES or base.endswith("Consumer") for base in bases)


def has_consumer_base(bases: tuple[str, ...]) -> bool:
    """One of the bases is Channels' own WebSocket consumer class (not a project class named
    like one, nor a generic `SyncConsumer`, which a channel-layer worker is built on too)."""
    return any(base.rsplit(".", 1)[-1] in CONSUMER_BASES for base in bases)


def consumer_like(node: cst.ClassDef) -> bool:
    """A class on project bases that defines a consumer's handlers (`receive_json`), or a
    `connect`/`receive` that uses a consumer's own `self.accept()` / `self.channel_layer`."""
    methods = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
    if not node.bases or not methods & (ENTRY_METHODS | MESSAGE_METHODS):
        return False
    if methods & CONSUMER_ONLY_METHODS:
        return True
    finder = _SelfAttributes()
    node.body.visit(finder)
    return finder.found


class _SelfAttributes(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value == "self" and node.attr.value in CONSUMER_ATTRIBUTES:
            self.found = True
        return not self.found


def protocol_send(node: cst.Call, position: int = 0) -> tuple[bool, cst.BaseExpression | None] | None:
    """A raw consumer's `self.send({"type": "websocket.send", "text": data})`, or a `group_send(
    group, {"type": "websocket.send", "text": data})` every consumer forwards as it is: (True,
    what is sent); (False, None) for the other protocol events (`websocket.accept`,
    `websocket.close`), which carry no message; None for any other call."""
    event = argument(node, position, "message")
    if not isinstance(event, cst.Dict):
        return None
    fields = {
        e.key.evaluated_value: e.value for e in event.elements
        if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
    }
    kind = fields.get("type")
    if not (isinstance(kind, cst.SimpleString) and str(kind.evaluated_value).startswith(PROTOCOL_PREFIX)):
        return None
    if kind.evaluated_value != PROTOCOL_SEND:
        return False, None
    payload = fields.get("text", fields.get("bytes"))
    return (True, payload) if payload is not None else (False, None)


def unwrap_sync(node: cst.Call) -> cst.BaseExpression | None:
    """`async_to_sync(channel_layer.group_send)(...)`: the wrapped function, else None."""
    inner = node.func
    if isinstance(inner, cst.Call) and called_name(inner) in SYNC_WRAPPERS and inner.args:
        return inner.args[0].value
    return None


def route_text(value: Value, regex: bool) -> Value:
    """Django route syntax as wscheck paths: `<str:room>` and `(?P<room>\\w+)` become `{room}`,
    also in the literal parts of an f-string (`f"{PREFIX}/<str:room>/"`)."""
    if isinstance(value, Template):
        parts = tuple(route_text(p, regex) if isinstance(p, Str) else p for p in value.parts)
        return Template(parts)
    if not isinstance(value, Str):
        return value
    text = value.text
    if regex:
        text = text.lstrip("^").rstrip("$")
        text = _NAMED_GROUP.sub(lambda m: "{" + m.group(1) + "}", text)
        text = _GROUP.sub("{param}", text)
        text = text.replace(".*", "*").replace(".+", "*").replace("\\", "").replace("?", "")
    else:
        text = _CONVERTER.sub(lambda m: "{" + m.group(1) + "}", text)
    return Str(text)


def class_groups(node: cst.ClassDef) -> list[cst.BaseExpression]:
    """The group names of a consumer's `groups = [...]` class attribute."""
    found: list[cst.BaseExpression] = []
    for statement in node.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign) and isinstance(small.value, (cst.List, cst.Tuple))
                    and any(isinstance(t.target, cst.Name) and t.target.value == CLASS_GROUPS for t in small.targets)
                ):
                    found += [element.value for element in small.value.elements]
    return found


def _literal_key(element: cst.BaseDictElement) -> str | None:
    key = element.key if isinstance(element, cst.DictElement) else None
    return key.evaluated_value if isinstance(key, cst.SimpleString) and isinstance(key.evaluated_value, str) else None


def _holds_routes(node: cst.BaseExpression) -> bool:
    """A literal list with a `path(...)` / `re_path(...)` in it."""
    return isinstance(node, (cst.List, cst.Tuple)) and any(
        isinstance(e.value, cst.Call) and called_name(e.value) in PATH_FUNCTIONS for e in node.elements
    )


@dataclass(frozen=True)
class _Where:
    """Where a route expression stands: the binding or function that owns it, the prefixes
    of the `path`s around it, and whether it is inside a WebSocket route list."""

    owner: Ref
    scope: Scope
    prefixes: tuple[Value, ...] = ()
    sockets: bool = False  # inside a `URLRouter` or `websocket_urlpatterns`: a bare class is a consumer
    at: Location | None = None  # the binding or call it stands in: where a route list it names is included

    def prefix(self) -> Value | None:
        return Template(self.prefixes) if self.prefixes else None


class ChannelsRoutes:
    """Routes found in a module-level binding (`websocket_urlpatterns = [...]`,
    `application = ProtocolTypeRouter({...URLRouter(...)...})`) or in a `URLRouter(...)`
    a function builds (`def create_router(): return AuthMiddlewareStack(URLRouter([...]))`)."""

    def __init__(self, module: str, loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.endpoints: list[EndpointDecl] = []
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []
        self._walked: set[int] = set()  # the URLRouter calls already read from an enclosing binding

    def binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        routes = name.endswith(ROUTES_NAME)
        self._read(_Where(Ref(self.module, name), scope, sockets=routes), value, location, listing=routes)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """A `URLRouter(...)` no binding holds: its routes belong to the function building it."""
        if name not in ROUTER_CLASSES or id(node) in self._walked or scope.function is None:
            return False
        self._read(_Where(Ref(self.module, scope.function.split(":", 1)[1]), scope), node, self.loc(node), listing=False)
        return True

    def _read(self, where: _Where, value: cst.BaseExpression, location: Location, listing: bool) -> None:
        before = len(self.endpoints) + len(self.includes)
        self._walk(value, replace(where, at=location), listing)
        if len(self.endpoints) + len(self.includes) > before:
            self.routers.append(RouterDecl(where.owner, None, location))

    def _walk(self, node: cst.BaseExpression, where: _Where, listing: bool) -> None:
        """Any expression that may hold routes. `listing`: it is itself a list of routes, so a
        name there (`URLRouter(chat.routing.websocket_urlpatterns)`, `[*a.routes]`, `a + b`)
        is another list of routes, included here."""
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for element in node.elements:
                self._walk(element.value, where, listing and isinstance(element, cst.StarredElement))
        elif isinstance(node, cst.Dict):
            for element in node.elements:
                key = _literal_key(element)
                if key not in NOT_SOCKETS:
                    self._walk(element.value, replace(where, sockets=where.sockets or key == SOCKETS), False)
        elif isinstance(node, cst.BinaryOperation):  # `ws_urlpatterns + [path(...)]`: a list of routes, both sides
            listing = listing or _holds_routes(node.left) or _holds_routes(node.right)
            self._walk(node.left, where, listing)
            self._walk(node.right, where, listing)
        elif isinstance(node, cst.Call):
            self._call(node, where)
        elif listing and dotted(node) is not None:  # followed whatever its name, as a mounted application is
            at = where.at or self.loc(node)  # a name has no position of its own in the light pass
            self.includes.append(RouterInclude(where.owner, where.scope.value(node), where.prefix(), at, mount=True))

    def _call(self, node: cst.Call, where: _Where) -> None:
        name = called_name(node)
        if name in PATH_FUNCTIONS:
            route = argument(node, 0, "route", "regex")
            target = argument(node, 1, "view")
            if route is not None and target is not None:
                here = replace(where, prefixes=(*where.prefixes, route_text(where.scope.value(route), name in REGEX_PATHS)))
                self._target(target, here, node, bare=where.sockets)
        elif name in ROUTER_CLASSES:
            self._router(node, where)
        elif name == AS_ASGI and isinstance(node.func, cst.Attribute) and where.sockets:
            # `"websocket": AuthMiddlewareStack(Consumer.as_asgi())`: one consumer for every path
            self._endpoint(where.scope.value(node.func.value), replace(where, prefixes=(*where.prefixes, Str("*"))), node)
        else:
            for arg in node.args:  # AuthMiddlewareStack(...), ProtocolTypeRouter({...}), ...
                self._walk(arg.value, replace(where, at=self.loc(node)), False)

    def _target(self, target: cst.BaseExpression, here: _Where, route: cst.Call, bare: bool) -> None:
        """What a `path(...)` routes to: a consumer, a `URLRouter`, or either inside middleware
        (`TokenAuthMiddleware(URLRouter([...]))`). `bare`: a class name routed as it is, a
        Channels 2 consumer."""
        if isinstance(target, cst.Call):
            name = called_name(target)
            if name == AS_ASGI and isinstance(target.func, cst.Attribute):
                self._endpoint(here.scope.value(target.func.value), here, route)
            elif name in ROUTER_CLASSES:
                self._router(target, here)
            else:
                before = len(self.endpoints) + len(self.includes)
                for arg in target.args:
                    self._target(arg.value, here, route, bare=False)
                callee = dotted(target.func)
                if len(self.endpoints) + len(self.includes) == before and callee is not None:
                    # `path("ws/", build_ws_router())`: what that project function returns
                    self.includes.append(RouterInclude(here.owner, here.scope.value(target.func), here.prefix(), self.loc(route), mount=True))
        elif bare and dotted(target) is not None:
            self._endpoint(here.scope.value(target), here, route)

    def _endpoint(self, handler: Value, here: _Where, route: cst.Call) -> None:
        mount = Template(here.prefixes[:-1]) if here.prefixes[:-1] else None
        self.endpoints.append(EndpointDecl(here.prefixes[-1], here.owner, handler, self.loc(route), Framework.CHANNELS, mount))

    def _router(self, node: cst.Call, where: _Where) -> None:
        self._walked.add(id(node))
        routes = argument(node, 0, "routes")
        if routes is not None:
            self._walk(routes, replace(where, sockets=True, at=self.loc(node)), True)
