"""Plain sockets: the `send()` / `recv()` API that the websockets library, Flask-Sock, Sanic and
Quart's `websocket` global share, and which `.send(` calls are sends to a socket.

`send` is too common a method name to be a send on any receiver (generators, queues,
mailers), so a `.send(` counts only on something known to be a socket: the parameter a
framework hands its handler (Flask-Sock's `ws`, Sanic's second parameter), a parameter
named or annotated like one in a module of these stacks, Quart's `websocket` global, or
the element of a loop over a collection in such a module (a fan-out: a broadcast).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from wscheck.extract.server import fastapi
from wscheck.extract.server.values import dotted
from wscheck.facts import Ref

SEND_METHODS = frozenset({"send"})
RECEIVE_METHODS = fastapi.RECEIVE_METHODS | {"recv"}  # every socket API's way to wait for the client
STACK_MODULES = frozenset({"websockets", "quart", "flask_sock", "simple_websocket", "sanic"})
ASGI_MODULES = frozenset({"fastapi", "starlette"})  # their `websocket.send(...)` takes a raw ASGI message
SOCKET_NAMES = frozenset({"ws", "conn", "connection", "sock"})
SOCKET_ANNOTATIONS = frozenset({
    "ServerConnection", "WebSocketServerProtocol", "ServerProtocol", "Websocket", "WebsocketImplProtocol", "WebSocket",
})
QUART_GLOBAL = Ref("quart", "websocket")


def socket_like(name: str) -> bool:
    lowered = name.lower()
    return lowered in SOCKET_NAMES or "socket" in lowered


def top_modules(imports: dict[str, Ref]) -> frozenset[str]:
    return frozenset(ref.module.split(".")[0] for ref in imports.values())


class SocketSends:
    """Which receivers of `.send(` are sockets, function by function."""

    def __init__(self, imports: dict[str, Ref], loop_target: Callable[[str], bool]):
        self.imports = imports
        modules = top_modules(imports)
        self.stack = not modules.isdisjoint(STACK_MODULES)
        self.named = self.stack or modules.isdisjoint(ASGI_MODULES)  # a socket-named parameter is a socket here
        self.loop_target = loop_target
        self.params: dict[str, frozenset[str]] = {}  # qualname -> its parameters that are sockets
        self.handed: dict[str, frozenset[str]] = {}  # qualname -> parameters a framework hands it (the socket)

    def function(self, node: cst.FunctionDef, qualname: str) -> None:
        params = [p for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)]
        found = {p.name.value for p in params if self._socket_param(p)}
        self.params[qualname] = frozenset(found) | self.handed.get(qualname, frozenset())

    def hand(self, qualname: str, name: str) -> None:
        """A framework hands this parameter of the handler the socket (`def echo(ws)` of `@sock.route`)."""
        self.handed[qualname] = self.handed.get(qualname, frozenset()) | {name}
        self.params[qualname] = self.params.get(qualname, frozenset()) | {name}

    def _socket_param(self, param: cst.Param) -> bool:
        annotation = param.annotation
        if annotation is not None:
            parts = dotted(annotation.annotation) or []
            origin = self.imports.get(parts[0]) if parts else None
            if origin is not None and origin.module.split(".")[0] in ASGI_MODULES:
                return False
            if parts and parts[-1] in SOCKET_ANNOTATIONS and (self.stack or parts[-1] != "WebSocket"):
                return True
        return self.named and socket_like(param.name.value)

    def is_socket(self, func: cst.BaseExpression, function: str | None) -> bool:
        """Whether `func` (`ws.send`, `websocket.send`, `self.ws.send`) is a socket's method."""
        if not isinstance(func, cst.Attribute):
            return False
        parts = dotted(func.value)
        if not parts:
            return False
        if len(parts) == 1 and self.imports.get(parts[0]) == QUART_GLOBAL:
            return True
        if len(parts) == 1 and function is not None and parts[0] in self.params.get(function, ()):
            return True
        if len(parts) == 1 and (self.stack or (self.named and socket_like(parts[0]))) and self.loop_target(parts[0]):
            return True  # `for client in CONNECTIONS: await client.send(message)`
        return self.stack and len(parts) == 2 and parts[0] == "self" and socket_like(parts[1])
