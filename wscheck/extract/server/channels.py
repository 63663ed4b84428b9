"""Django Channels: consumers, `websocket_urlpatterns` routing, and the channel layer.

A consumer class routed by `path`/`re_path(..., Consumer.as_asgi())` is an endpoint;
`URLRouter(...)` nested under a `path` prefixes the routes it holds; `self.send(...)` in a
consumer sends to its socket; `group_send` (also through `async_to_sync`) is a broadcast
whose `type` names the handler method (`chat.message` -> `chat_message`), which the model
joins (see model.consumers).
"""

from __future__ import annotations

import re
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
SYNC_WRAPPERS = frozenset({"async_to_sync", "sync_to_async"})  # `async_to_sync(layer.group_send)(group, event)`
CONSUMER_SENDS = frozenset({"send"})  # `self.send(text_data=...)` in a consumer (send_json is the socket API already)
GROUP_SENDS = frozenset({"group_send"})  # its `type` names the consumers' handler method
GROUP_JOINS = {"group_add": (0, "group")}  # call -> (position, keyword) of the group
CLASS_GROUPS = "groups"  # `groups = ["lobby"]` on a consumer: joined on connect
ENTRY_METHODS = frozenset({"connect", "websocket_connect", "disconnect", "websocket_disconnect"})
MESSAGE_METHODS = frozenset({"receive", "receive_json", "websocket_receive"})

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_GROUP = re.compile(r"\([^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def is_consumer(bases: tuple[str, ...]) -> bool:
    """A Channels consumer class, or one built on a project base named like one
    (`class ChatConsumer(BaseConsumer)`): only routed classes become endpoints anyway."""
    return any(base.rsplit(".", 1)[-1] in CONSUMER_BASES or base.endswith("Consumer") for base in bases)


def unwrap_sync(node: cst.Call) -> cst.BaseExpression | None:
    """`async_to_sync(channel_layer.group_send)(...)`: the wrapped function, else None."""
    inner = node.func
    if isinstance(inner, cst.Call) and called_name(inner) in SYNC_WRAPPERS and inner.args:
        return inner.args[0].value
    return None


def route_text(value: Value, regex: bool) -> Value:
    """Django route syntax as wscheck paths: `<str:room>` and `(?P<room>\\w+)` become `{room}`."""
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


class ChannelsRoutes:
    """Routes found in one module-level binding (`websocket_urlpatterns = [...]`,
    `application = ProtocolTypeRouter({...URLRouter(...)...})`)."""

    def __init__(self, module: str, loc: Callable[[cst.CSTNode], Location]):
        self.module = module
        self.loc = loc
        self.endpoints: list[EndpointDecl] = []
        self.routers: list[RouterDecl] = []
        self.includes: list[RouterInclude] = []

    def binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        owner = Ref(self.module, name)
        before = len(self.endpoints) + len(self.includes)
        self._walk(value, [], owner, scope)
        if len(self.endpoints) + len(self.includes) > before:
            self.routers.append(RouterDecl(owner, None, location))

    def _walk(self, node: cst.BaseExpression, prefixes: list[Value], owner: Ref, scope: Scope) -> None:
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for element in node.elements:
                self._walk(element.value, prefixes, owner, scope)
        elif isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    self._walk(element.value, prefixes, owner, scope)
        elif isinstance(node, cst.BinaryOperation):
            self._walk(node.left, prefixes, owner, scope)
            self._walk(node.right, prefixes, owner, scope)
        elif isinstance(node, cst.Call):
            self._call(node, prefixes, owner, scope)

    def _call(self, node: cst.Call, prefixes: list[Value], owner: Ref, scope: Scope) -> None:
        name = called_name(node)
        if name in PATH_FUNCTIONS:
            route = argument(node, 0, "route", "regex")
            target = argument(node, 1, "view")
            if route is None or target is None:
                return
            here = [*prefixes, route_text(scope.value(route), name in REGEX_PATHS)]
            if isinstance(target, cst.Call) and called_name(target) == AS_ASGI and isinstance(target.func, cst.Attribute):
                mount = Template(tuple(here[:-1])) if here[:-1] else None
                self.endpoints.append(
                    EndpointDecl(here[-1], owner, scope.value(target.func.value), self.loc(node), Framework.CHANNELS, mount)
                )
            elif isinstance(target, cst.Call) and called_name(target) in ROUTER_CLASSES:
                self._router(target, here, owner, scope)
            return
        if name in ROUTER_CLASSES:
            self._router(node, prefixes, owner, scope)
            return
        for arg in node.args:  # AuthMiddlewareStack(...), ProtocolTypeRouter({...}), ...
            self._walk(arg.value, prefixes, owner, scope)

    def _router(self, node: cst.Call, prefixes: list[Value], owner: Ref, scope: Scope) -> None:
        routes = argument(node, 0, "routes")
        if routes is not None:
            self._routes(routes, node, prefixes, owner, scope)

    def _routes(self, routes: cst.BaseExpression, node: cst.Call, prefixes: list[Value], owner: Ref, scope: Scope) -> None:
        if isinstance(routes, (cst.List, cst.Tuple)):
            self._walk(routes, prefixes, owner, scope)
        elif isinstance(routes, cst.BinaryOperation):  # URLRouter(a.websocket_urlpatterns + b.websocket_urlpatterns)
            self._routes(routes.left, node, prefixes, owner, scope)
            self._routes(routes.right, node, prefixes, owner, scope)
        elif dotted(routes) is not None:  # URLRouter(chat.routing.websocket_urlpatterns)
            prefix = Template(tuple(prefixes)) if prefixes else None
            self.includes.append(RouterInclude(owner, scope.value(routes), prefix, self.loc(node)))
