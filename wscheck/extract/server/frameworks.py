"""Frameworks: the extractor's one delegate for every stack beyond FastAPI/Starlette.

Each framework is its own small module of recognisers (channels, socketio, aiohttp_web,
litestar, tornado); this joins them so the visitor asks one object, and they all feed the same
facts: `EndpointDecl`s, routers and includes, sends and broadcasts (`Emit`), and the
instance attributes a consumer sets (`self.group_name = f"chat_{room}"`) as symbols.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server import aiohttp_web, channels, litestar, socketio, tornado
from wscheck.extract.server.aiohttp_web import AiohttpRoutes
from wscheck.extract.server.channels import ChannelsRoutes
from wscheck.extract.server.litestar import LitestarRoutes
from wscheck.extract.server.socketio import SocketioHandlers
from wscheck.extract.server.tornado import TornadoHandlers
from wscheck.extract.server.values import Scope, argument, dotted, short
from wscheck.facts import (
    JOINS_SYMBOL, EmitKind, EndpointDecl, Framework, Handshake, HandlerRole, Location, OneOf, Ref, RouterDecl, RouterInclude,
    Symbol, Value,
)

JOINS = {**channels.GROUP_JOINS, **socketio.ROOM_JOINS}


class Frameworks:
    def __init__(self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location]):
        self.channels = ChannelsRoutes(module, loc)
        self.socketio = SocketioHandlers(module, imports, loc)
        self.aiohttp = AiohttpRoutes(module, imports, loc)
        self.litestar = LitestarRoutes(module, imports, loc)
        self.tornado = TornadoHandlers(module, imports, loc)
        self.module = module
        self.imports = imports
        self.classes: list[tuple[str, tuple[str, ...]]] = []  # (name, base names) of the classes being visited
        self.handshakes: list[Handshake] = []  # every socket class or handler seen, routed or not
        self.symbols: list[Symbol] = []

    # --- what the visitor reports ----------------------------------------------------
    def enter_class(self, node: cst.ClassDef, name: str, location: Location, scope: Scope) -> None:
        bases = tuple(".".join(dotted(b.value) or [short(b.value)]) for b in node.bases)
        self.classes.append((name, bases))
        self.litestar.klass(node, name, bases, location, scope)
        if self.tornado.klass(node, name, scope):
            self.handshakes.append(Handshake(Ref(self.module, name), location, Framework.TORNADO))
        groups = channels.class_groups(node) if channels.is_consumer(bases) else []
        if groups:
            value = scope.value(groups[0]) if len(groups) == 1 else OneOf(tuple(scope.value(g) for g in groups))
            self.symbols.append(Symbol(f"{name}.{JOINS_SYMBOL}", value, location))

    def leave_class(self) -> None:
        self.classes.pop()

    def binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        self.channels.binding(name, value, location, scope)
        self.socketio.binding(name, value)
        self.litestar.binding(name, value, location)

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        self.socketio.function(node, qualname, location, scope)
        self.aiohttp.function(node, qualname, location, scope)
        self.litestar.function(node, qualname, location, scope)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """A route-shaped call (True: it is no helper call)."""
        return (
            self.socketio.call(node, name, scope) or self.aiohttp.call(node, name, scope) or self.litestar.call(node, name, scope)
            or self.tornado.call(node, name, scope)
        )

    def sequence(self, node: cst.List | cst.Tuple | cst.Set, scope: Scope) -> None:
        """A list or tuple literal, wherever it is: it may be a route table (Tornado)."""
        self.tornado.sequence(node, scope)

    def method_assign(self, node: cst.Assign, scope: Scope, location: Location) -> None:
        """`self.room_group_name = f"chat_{self.room_name}"` in a consumer or namespace method."""
        owner = self._socket_class()
        if owner is None:
            return
        for target in node.targets:
            parts = dotted(target.target)
            if parts and len(parts) == 2 and parts[0] == "self":
                self.symbols.append(Symbol(f"{owner}.{parts[1]}", scope.value(node.value), location))

    def framework_bases(self, node: cst.ClassDef) -> tuple[int, ...]:
        """Which bases are a framework's own socket class (not a mixin that may define handlers)."""
        own = channels.CONSUMER_BASES | channels.GENERIC_BASES | socketio.NAMESPACE_BASES | litestar.LISTENER_BASES | tornado.SOCKET_BASES
        return tuple(i for i, b in enumerate(node.bases) if (dotted(b.value) or [""])[-1] in own)

    def method_role(self, name: str) -> HandlerRole | None:
        """What a method of the class being visited is for, if it is a framework's socket class."""
        if not self.classes:
            return None
        owner, bases = self.classes[-1]
        if owner in self.tornado.sockets:
            return self.tornado.role(owner, name)
        if channels.is_consumer(bases):
            entry, message = name in channels.ENTRY_METHODS, name in channels.MESSAGE_METHODS
        elif socketio.is_namespace(bases):
            entry, message = name in socketio.ENTRY_METHODS, name.startswith("on_") and name not in socketio.ENTRY_METHODS
        elif litestar.is_listener(bases):
            entry, message = name in litestar.ENTRY_METHODS, name in litestar.MESSAGE_METHODS
        else:
            return None
        return HandlerRole.ENTRY if entry else HandlerRole.MESSAGE if message else None

    def opens_socket(self, name: str) -> bool:
        return name in aiohttp_web.RESPONSE_CLASSES

    def joins(self, node: cst.Call, name: str, scope: Scope) -> Value | None:
        """The group or room a `group_add` / `enter_room` / `join_room` call joins."""
        where = JOINS.get(name)
        if where is None:
            return None
        if name in socketio.ROOM_JOINS and not self._socketio_call(node):
            return None  # a project's own `manager.join_room(...)`: a registration, not a Socket.IO room
        found = argument(node, *where)
        return scope.value(found) if found is not None else None

    def _socketio_call(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Name):
            origin = self.imports.get(func.value)
            return origin is not None and origin.module.split(".")[0] in socketio.MODULES
        if isinstance(func, cst.Attribute):
            receiver = dotted(func.value)
            in_class = self.classes[-1][1] if self.classes else ()
            if receiver == ["self"]:
                return socketio.is_namespace(in_class)
            return self.socketio.server_object(func.value)
        return False

    def _socket_class(self) -> str | None:
        if not self.classes:
            return None
        name, bases = self.classes[-1]
        if channels.is_consumer(bases) or socketio.is_namespace(bases) or litestar.is_listener(bases) or name in self.tornado.sockets:
            return ".".join(n for n, _ in self.classes)
        return None

    def emit(self, node: cst.Call, name: str, scope: Scope) -> tuple[EmitKind | None, dict] | None:
        """The kind and Emit fields of a framework's send or broadcast; kind None: a call
        that only looks like one (a Socket.IO *client* emitting to the server); None: not
        a framework's."""
        func = node.func
        receiver = dotted(func.value) if isinstance(func, cst.Attribute) else None
        in_class = self.classes[-1][1] if self.classes else ()
        if name in channels.CONSUMER_SENDS and receiver == ["self"] and channels.is_consumer(in_class):
            return EmitKind.SEND, {}
        if name in litestar.SOCKET_SENDS and receiver and self.litestar.active:
            return EmitKind.SEND, {}
        if name in tornado.SOCKET_SENDS and isinstance(func, cst.Attribute):  # `self.write_message(...)`, `waiter.write_message(...)`
            return EmitKind.SEND, {}
        if name in channels.GROUP_SENDS:
            return EmitKind.BROADCAST, {"handler_typed": True}
        if litestar.plugin_publish(node, name):
            return EmitKind.BROADCAST, {"channel_first": False}
        if name in socketio.EMITS:
            if isinstance(func, cst.Name):
                origin = self.imports.get(func.value)
                if origin is not None and origin.module.split(".")[0] == "flask_socketio":
                    return socketio.emit_kind(node, scope, bare_from_flask=True)
                return None
            if receiver == ["self"] and socketio.is_namespace(in_class):
                return socketio.emit_kind(node, scope, bare_from_flask=False)
            if receiver is not None and receiver[0] in self.socketio.clients:
                return None, {}
            if receiver is not None and self.socketio.server_object(func.value):
                return socketio.emit_kind(node, scope, bare_from_flask=False)
        return None

    # --- what the file's facts get -----------------------------------------------------
    def endpoints(self) -> list[EndpointDecl]:
        return [
            *self.channels.endpoints, *self.socketio.finish(), *self.aiohttp.endpoints, *self.litestar.endpoints,
            *self.tornado.endpoints,
        ]

    def routers(self) -> list[RouterDecl]:
        return [*self.channels.routers, *self.litestar.routers]

    def includes(self) -> list[RouterInclude]:
        return [*self.channels.includes, *self.litestar.includes]
