"""Frameworks: the extractor's one delegate for every stack beyond FastAPI/Starlette.

Each framework is its own small module of recognisers (channels, socketio, aiohttp_web,
litestar, tornado, websockets_lib, quart_ws, flask_sock, sanic_ws, with blueprints and plain_sockets
shared by the last four); this joins them so the visitor asks one object, and they all feed the same
facts: `EndpointDecl`s, routers and includes, sends and broadcasts (`Emit`), and the
instance attributes a consumer sets (`self.group_name = f"chat_{room}"`) as symbols.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import libcst as cst

from wscheck.extract.server import aiohttp_web, channels, litestar, plain_sockets, socketio, tornado
from wscheck.extract.server.aiohttp_web import AiohttpRoutes
from wscheck.extract.server.blueprints import Blueprints, uses
from wscheck.extract.server.channels import ChannelsRoutes
from wscheck.extract.server.flask_sock import FlaskSockRoutes
from wscheck.extract.server.litestar import LitestarRoutes
from wscheck.extract.server.plain_sockets import SocketSends
from wscheck.extract.server.quart_ws import QuartRoutes
from wscheck.extract.server.sanic_ws import SanicRoutes
from wscheck.extract.server.socketio import SocketioHandlers
from wscheck.extract.server.tornado import TornadoHandlers
from wscheck.extract.server.websockets_lib import WebsocketsServers
from wscheck.extract.server.scopes import returns
from wscheck.extract.server.values import Scope, argument, dotted, short
from wscheck.facts import (
    JOINS_SYMBOL, EmitKind, EndpointDecl, Framework, Handshake, HandlerRole, Location, OneOf, Ref, RouterDecl, RouterInclude, Symbol,
    Value,
)

JOINS = {**channels.GROUP_JOINS, **socketio.ROOM_JOINS}


class _Class(NamedTuple):
    name: str  # dotted within the module
    bases: tuple[str, ...]  # as written
    kind: Framework | None  # the framework whose socket class it is
    location: Location


def _kind(node: cst.ClassDef, bases: tuple[str, ...]) -> Framework | None:
    """Whose socket class this is: a Channels consumer (by its base, or by what it defines when
    its base is a project class wscheck may not see), a Socket.IO namespace, a Litestar listener."""
    if channels.is_consumer(bases) or channels.consumer_like(node):
        return Framework.CHANNELS
    if socketio.is_namespace(bases) or socketio.namespace_like(node, bases):
        return Framework.SOCKETIO
    if litestar.is_listener(bases):
        return Framework.LITESTAR
    return None


class Frameworks:
    def __init__(
        self, module: str, imports: dict[str, Ref], loc: Callable[[cst.CSTNode], Location], loop_target: Callable[[str], bool],
    ):
        self.module = module
        self.handshakes: list[Handshake] = []  # every socket class or handler seen, routed or not
        self.channels = ChannelsRoutes(module, loc)
        self.socketio = SocketioHandlers(module, imports, loc, self.handshakes)
        self.aiohttp = AiohttpRoutes(module, imports, loc)
        self.litestar = LitestarRoutes(module, imports, loc)
        self.sockets = SocketSends(imports, loop_target)
        self.websockets = WebsocketsServers(module, imports, loc, self.handshakes)
        self.quart = QuartRoutes(module, imports, loc, self.handshakes)
        self.flask_sock = FlaskSockRoutes(module, imports, loc, self.handshakes, self.sockets)
        self.sanic = SanicRoutes(module, imports, loc, self.handshakes, self.sockets)
        self.blueprints = Blueprints(module, imports, loc)
        self.tornado = TornadoHandlers(module, imports, loc)
        self.imports = imports
        self.classes: list[_Class] = []  # the classes being visited, innermost last
        self.symbols: list[Symbol] = []

    @property
    def owns_websocket_routes(self) -> bool:
        """Quart and Sanic spell routes as FastAPI does (`@app.websocket(path)`): their modules'
        routes are theirs, not fastapi.Routes'."""
        return uses(self.imports, "quart", "sanic")

    # --- what the visitor reports ----------------------------------------------------
    def enter_class(self, node: cst.ClassDef, name: str, location: Location, scope: Scope) -> None:
        bases = tuple(".".join(dotted(b.value) or [short(b.value)]) for b in node.bases)
        kind = _kind(node, bases)
        self.classes.append(_Class(name, bases, kind, location))
        self.litestar.klass(node, name, bases, location, scope)
        self.aiohttp.klass(node, name, location, scope)
        if self._serves_sockets(node, bases, kind):  # every consumer and namespace class, routed or not
            self.handshakes.append(Handshake(Ref(self.module, name), location, kind))
        if self.tornado.klass(node, name, scope):
            self.handshakes.append(Handshake(Ref(self.module, name), location, Framework.TORNADO))
        groups = channels.class_groups(node) if kind is Framework.CHANNELS else []
        if groups:
            value = scope.value(groups[0]) if len(groups) == 1 else OneOf(tuple(scope.value(g) for g in groups))
            self.symbols.append(Symbol(f"{name}.{JOINS_SYMBOL}", value, location))

    def leave_class(self) -> None:
        self.classes.pop()

    def _serves_sockets(self, node: cst.ClassDef, bases: tuple[str, ...], kind: Framework | None) -> bool:
        """A consumer on Channels' own base, or on a project base when it defines a consumer's
        handlers (the model tells by inheritance); a namespace on the library's own base, or on a
        project base named like one when it answers events."""
        if kind is Framework.CHANNELS:
            methods = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
            return channels.has_consumer_base(bases) or bool(methods & (channels.ENTRY_METHODS | channels.MESSAGE_METHODS))
        if kind is Framework.SOCKETIO:
            return socketio.library_namespace(node, self.imports) or socketio.namespace_like(node, bases)
        return False

    def binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        self.channels.binding(name, value, location, scope)
        self.socketio.binding(name, value)
        self.litestar.binding(name, value, location)
        self.flask_sock.binding(name, value)
        self.blueprints.binding(name, value, location, scope)

    def local_binding(self, name: str, value: cst.BaseExpression, location: Location, scope: Scope) -> None:
        """`app = Sanic(...)` inside an app factory."""
        self.blueprints.local_binding(name, value, location, scope)

    def function(self, node: cst.FunctionDef, qualname: str, location: Location, scope: Scope) -> None:
        self.socketio.function(node, qualname, location, scope)
        self.aiohttp.function(node, qualname, location, scope)
        self.litestar.function(node, qualname, location, scope)
        self.sockets.function(node, qualname)  # before the stacks that hand a parameter the socket
        self.websockets.function(qualname, location)
        self.quart.function(node, qualname, location, scope)
        self.flask_sock.function(node, qualname, location, scope)
        self.sanic.function(node, qualname, location, scope)

    def call(self, node: cst.Call, name: str, scope: Scope) -> bool:
        """A route-shaped call (True: it is no helper call)."""
        return any(
            stack.call(node, name, scope)
            for stack in (
                self.socketio, self.aiohttp, self.litestar, self.channels, self.tornado, self.websockets, self.quart, self.sanic, self.blueprints,
            )
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

    def method_returns(self, node: cst.FunctionDef, scope: Scope, location: Location) -> None:
        """A property or getter of a consumer or namespace (`@property def group_name(self)`,
        `def get_group_name(self)`): what it returns is the attribute, or what `self.get_group_name()`
        gives (the symbol `Class.get_group_name()`), so a base class's `connect` can read it."""
        owner = self._socket_class()
        params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        if owner is None or len(params) != 1 or isinstance(node.params.star_arg, cst.Param) or node.params.star_kwarg is not None:
            return
        decorators = [(dotted(d.decorator) or [""])[-1] for d in node.decorators]
        if decorators not in ([], ["property"], ["cached_property"]):
            return
        returned = [scope.value(r) for r in returns(node.body)]
        if returned:
            value = returned[0] if len(returned) == 1 else OneOf(tuple(dict.fromkeys(returned)))
            self.symbols.append(Symbol(f"{owner}.{node.name.value}{'()' if not decorators else ''}", value, location))

    def framework_bases(self, node: cst.ClassDef) -> tuple[int, ...]:
        """Which bases are a framework's own socket class (not a mixin that may define handlers)."""
        own = channels.CONSUMER_BASES | channels.GENERIC_BASES | socketio.NAMESPACE_BASES | litestar.LISTENER_BASES | tornado.SOCKET_BASES
        return tuple(i for i, b in enumerate(node.bases) if (dotted(b.value) or [""])[-1] in own)

    def method_role(self, name: str) -> HandlerRole | None:
        """What a method of the class being visited is for, if it is a framework's socket class."""
        if not self.classes:
            return None
        owner = self.classes[-1].name
        if owner in self.tornado.sockets:
            return self.tornado.role(owner, name)
        kind = self.classes[-1].kind
        if kind is Framework.CHANNELS:
            entry, message = name in channels.ENTRY_METHODS, name in channels.MESSAGE_METHODS
        elif kind is Framework.SOCKETIO:
            entry, message = name in socketio.ENTRY_METHODS, name.startswith("on_") and name not in socketio.ENTRY_METHODS
        elif kind is Framework.LITESTAR:
            entry, message = name in litestar.ENTRY_METHODS, name in litestar.MESSAGE_METHODS
        else:
            return None
        return HandlerRole.ENTRY if entry else HandlerRole.MESSAGE if message else None

    def opens_socket(self, name: str) -> bool:
        return name in aiohttp_web.RESPONSE_CLASSES

    def prepares(self, name: str) -> bool:
        return name == aiohttp_web.PREPARE

    def leave_function(self, qualname: str, location: Location, handshakes: bool) -> None:
        """A function that creates a `WebSocketResponse` and prepares it is a handshake; a
        class-based view's `get` stands for its class, which is what a route names."""
        if not handshakes:
            return
        name = qualname.split(":", 1)[1]
        owner, _, method = name.rpartition(".")
        cls = self.classes[-1] if self.classes and self.classes[-1].name == owner else None
        if cls is not None and method in aiohttp_web.VIEW_METHODS:
            self.handshakes.append(Handshake(Ref(self.module, cls.name), cls.location, Framework.AIOHTTP))
        else:
            self.handshakes.append(Handshake(Ref(self.module, name), location, Framework.AIOHTTP))

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
            if receiver == ["self"]:
                return self._in(Framework.SOCKETIO)
            return self.socketio.server_object(func.value)
        return False

    def _socket_class(self) -> str | None:
        if not self.classes:
            return None
        if self.classes[-1].kind is not None or self.classes[-1].name in self.tornado.sockets:
            return ".".join(c.name for c in self.classes)
        return None

    def _in(self, kind: Framework) -> bool:
        """Whether the innermost class being visited is that framework's socket class."""
        return bool(self.classes) and self.classes[-1].kind is kind

    def emit(self, node: cst.Call, name: str, scope: Scope) -> tuple[EmitKind | None, dict] | None:
        """The kind and Emit fields of a framework's send or broadcast; kind None: a call
        that only looks like one (a Socket.IO *client* emitting to the server); None: not
        a framework's."""
        func = node.func
        receiver = dotted(func.value) if isinstance(func, cst.Attribute) else None
        if name in channels.CONSUMER_SENDS and receiver == ["self"] and self._in(Framework.CHANNELS):
            raw = channels.protocol_send(node)
            if raw is None:
                return EmitKind.SEND, {}
            return (EmitKind.SEND, {"payload": (0, raw[1])}) if raw[0] else (None, {})  # `websocket.accept`: no message
        if name in litestar.SOCKET_SENDS and receiver and self.litestar.active:
            return EmitKind.SEND, {}
        if name in tornado.SOCKET_SENDS and isinstance(func, cst.Attribute):  # `self.write_message(...)`, `waiter.write_message(...)`
            return EmitKind.SEND, {}
        if name in channels.GROUP_SENDS:
            raw = channels.protocol_send(node, 1)
            if raw is None:
                return EmitKind.BROADCAST, {"handler_typed": True}
            return (EmitKind.BROADCAST, {"payload": (1, raw[1])}) if raw[0] else (None, {})  # the text itself, to each socket
        if litestar.plugin_publish(node, name):
            return EmitKind.BROADCAST, {"channel_first": False}
        if self.websockets.is_broadcast(node, name):  # broadcast(connections, message)
            return EmitKind.BROADCAST, {"channel_first": False, "audience_first": True}
        if name in plain_sockets.SEND_METHODS and self.sockets.is_socket(func, scope.function):
            return EmitKind.SEND, {}
        if name in socketio.EMITS:
            if isinstance(func, cst.Name):
                origin = self.imports.get(func.value)
                if origin is not None and origin.module.split(".")[0] == "flask_socketio":
                    return socketio.emit_kind(node, scope, bare_from_flask=True)
                return None
            if receiver == ["self"] and self._in(Framework.SOCKETIO):
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
            *self.websockets.endpoints, *self.quart.endpoints, *self.flask_sock.endpoints, *self.sanic.endpoints,
            *self.tornado.endpoints,
        ]

    def routers(self) -> list[RouterDecl]:
        return [*self.channels.routers, *self.litestar.routers, *self.blueprints.routers]

    def includes(self) -> list[RouterInclude]:
        return [*self.channels.includes, *self.litestar.includes, *self.blueprints.includes]
