"""python-socketio and Flask-SocketIO: event handlers, namespaces, emits and rooms.

Each namespace is an endpoint: the handlers of `@sio.on("event", namespace=...)` /
`@sio.event` in a module, or a class-based namespace registered with
`register_namespace` / `on_namespace`. The `connect` handler is the endpoint's entry;
the other events are answers to the client's messages. A server `emit("event", data)`
carries the event name as its message type; it is a broadcast unless it targets one
client (`to=sid` / `room=sid`), and Flask-SocketIO's bare `emit` inside a handler
answers the sender unless `broadcast=True` or a room is given.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server.values import Scope, argument, called_name, dotted
from wscheck.facts import EmitKind, EndpointDecl, Framework, Handshake, Location, Opaque, Param, Ref, Str, Value

MODULES = frozenset({"socketio", "flask_socketio"})
SERVER_NAMES = frozenset({"sio", "socketio", "socket_io", "sio_server", "socketio_server"})
CLIENT_CLASSES = frozenset({"Client", "AsyncClient", "SimpleClient", "AsyncSimpleClient"})
NAMESPACE_BASES = frozenset({"AsyncNamespace", "Namespace"})
REGISTRATIONS = frozenset({"register_namespace", "on_namespace"})
HANDLER_REGISTRATIONS = frozenset({"on", "on_event"})  # sio.on("connect", handler), socketio.on_event("x", handler)
CONNECT = "connect"
ENTRY_EVENTS = frozenset({CONNECT, "disconnect"})
EMITS = frozenset({"emit"})
TARGETS = ("to", "room")  # who an emit goes to
ROOM_JOINS = {"enter_room": (1, "room"), "join_room": (0, "room")}  # (position, keyword) of the room
ENTRY_METHODS = frozenset({"on_connect", "on_disconnect"})  # of a class-based namespace; other `on_*` answer events


def uses_socketio(imports: dict[str, Ref]) -> bool:
    return any(ref.module.split(".")[0] in MODULES for ref in imports.values())


def is_namespace(bases: tuple[str, ...]) -> bool:
    return any(base.rsplit(".", 1)[-1] in NAMESPACE_BASES for base in bases)


def library_namespace(node: cst.ClassDef, imports: dict[str, Ref]) -> bool:
    """A base is python-socketio's or Flask-SocketIO's own namespace class (not `argparse.Namespace`)."""
    for base in node.bases:
        parts = dotted(base.value)
        origin = imports.get(parts[0]) if parts else None
        if parts and parts[-1] in NAMESPACE_BASES and origin is not None and origin.module.split(".")[0] in MODULES:
            return True
    return False


def namespace_like(node: cst.ClassDef, bases: tuple[str, ...]) -> bool:
    """A class on a project base named like a namespace (`class ChatNamespace(BaseNamespace)`)
    that answers events with `on_<event>` methods."""
    return any(base.endswith("Namespace") for base in bases) and any(
        isinstance(s, cst.FunctionDef) and s.name.value.startswith("on_") for s in node.body.body
    )


def names_a_client(value: Value) -> bool:
    """`to=sid`, `room=request.sid`, `to=self.sid`: one client's session id."""
    if isinstance(value, Param):
        return "sid" in value.name.lower()
    text = value.text if isinstance(value, Opaque) else value.name if isinstance(value, Ref) else ""
    return "sid" in text.rsplit(".", 1)[-1].lower() or "sid" in text.lower().rsplit("[", 1)[-1]


def emit_kind(node: cst.Call, scope: Scope, bare_from_flask: bool) -> tuple[EmitKind, dict]:
    """A server emit's kind and the Emit fields it sets."""
    targets = [scope.value(a.value) for a in node.args if a.keyword is not None and a.keyword.value in TARGETS]
    broadcast_flag = any(
        a.keyword is not None and a.keyword.value == "broadcast" and isinstance(a.value, cst.Name) and a.value.value == "True"
        for a in node.args
    )
    if targets:
        kind = EmitKind.SEND if all(names_a_client(t) for t in targets) else EmitKind.BROADCAST
    elif bare_from_flask:
        kind = EmitKind.BROADCAST if broadcast_flag else EmitKind.SEND  # flask_socketio.emit answers the sender
    else:
        kind = EmitKind.BROADCAST
    return kind, {"named_event": True, "channel_first": False}


class SocketioHandlers:
    """One module's namespaces: decorated handlers grouped by namespace, and registered classes."""

    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], handshakes: list[Handshake]):
        self.module = module
        self.loc = loc
        self.handshakes = handshakes  # shared with the other stacks: each `connect` handler is one
        self.active = uses_socketio(imports)
        self.clients: set[str] = set()  # module names bound to a Socket.IO *client*
        self.namespaces: dict[str, dict] = {}  # repr(namespace value) -> collected handlers
        self.endpoints: list[EndpointDecl] = []

    def binding(self, name: str, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Call) and called_name(value) in CLIENT_CLASSES:
            self.clients.add(name)

    def server_object(self, receiver: cst.BaseExpression) -> bool:
        parts = dotted(receiver)
        if not parts or parts[0] in self.clients:
            return False
        return parts[-1] in SERVER_NAMES or (self.active and len(parts) == 1 and parts[0] not in ("self", "app", "router"))

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        for decorator in node.decorators:
            found = self._event(decorator.decorator, node.name.value)
            if found is None:
                continue
            event, namespace = found
            self._handler(event, namespace, Ref(*qualname.split(":", 1)), location, self.loc(node.decorators[0]).line, scope)

    def _handler(self, event: str, namespace, ref: Value, location: Location, first_line: int, scope: Scope) -> None:
        ns_value = scope.value(namespace) if namespace is not None else Str("/")
        entry = self.namespaces.setdefault(repr(ns_value), {"path": ns_value, "entry": [], "receivers": [], "first": None})
        (entry["entry"] if event in ENTRY_EVENTS else entry["receivers"]).append((event, ref, location))
        if event == CONNECT and isinstance(ref, Ref):
            self.handshakes.append(Handshake(ref, location, Framework.SOCKETIO))
        if entry["first"] is None or event == CONNECT:
            entry["first"] = (location, first_line)

    def _event(self, expr: cst.BaseExpression, function_name: str) -> tuple[str, cst.BaseExpression | None] | None:
        """(event, namespace expression) of `@sio.on("x", namespace=...)`, `@sio.event`, `@sio.event(namespace=...)`."""
        if isinstance(expr, cst.Attribute) and expr.attr.value == "event" and self.server_object(expr.value):
            return function_name, None
        if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Attribute) or not self.server_object(expr.func.value):
            return None
        if expr.func.attr.value == "event":
            return function_name, argument(expr, 99, "namespace")
        if expr.func.attr.value != "on":
            return None
        event = argument(expr, 0, "event", "message")
        if not isinstance(event, cst.SimpleString) or not isinstance(event.evaluated_value, str):
            return None
        return event.evaluated_value, argument(expr, 2, "namespace")

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """`sio.register_namespace(StatusNamespace("/status"))`, `sio.on("connect", handler)`."""
        if not isinstance(node.func, cst.Attribute):
            return False
        if name in HANDLER_REGISTRATIONS and self.server_object(node.func.value):
            event = argument(node, 0, "event", "message")
            handler = argument(node, 1, "handler")
            if isinstance(event, cst.SimpleString) and isinstance(event.evaluated_value, str) and handler is not None and dotted(handler):
                location = self.loc(node)
                self._handler(event.evaluated_value, argument(node, 2, "namespace"), scope.value(handler), location, location.line, scope)
                return True
            return False
        if name not in REGISTRATIONS:
            return False
        instance = argument(node, 0, "namespace_handler")
        if not isinstance(instance, cst.Call):
            return False
        path = argument(instance, 0, "namespace")
        self.endpoints.append(
            EndpointDecl(scope.value(path) if path is not None else Str("/"), None, scope.value(instance.func), self.loc(node), Framework.SOCKETIO)
        )
        return True

    def finish(self) -> list[EndpointDecl]:
        """The registered namespace classes, then one endpoint per namespace of decorated handlers."""
        found = list(self.endpoints)
        for entry in self.namespaces.values():
            location, first_line = entry["first"]
            connect = [ref for event, ref, _ in entry["entry"] if event == "connect"]
            handler = connect[0] if connect else Opaque("socketio")
            entry_refs = tuple(ref for _, ref, _ in entry["entry"] if ref not in connect)
            receivers = tuple(ref for _, ref, _ in entry["receivers"])
            found.append(
                EndpointDecl(
                    entry["path"], None, handler, location, Framework.SOCKETIO,
                    first_line=first_line, entries=entry_refs, receivers=receivers,
                )
            )
        return found
