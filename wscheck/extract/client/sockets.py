"""Socket APIs: what opens a WebSocket or a socket.io connection (browser globals, the
socket packages), what a socket-like receiver looks like, the message types a listener
names, and the empty failure handlers WS107 reports."""

from __future__ import annotations

from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, last_name, member_property, string_value, text, unwrap
from wscheck.extract.client.scope import Scope
from wscheck.extract.client.values import Evaluator, member_of
from wscheck.facts import Ref
from wscheck.modules import PACKAGE_PREFIX, is_project_module

# Names that open a socket when nothing in the file binds them (browser globals, CDN `io`).
GLOBAL_CONSTRUCTORS = frozenset({"WebSocket", "ReconnectingWebSocket"})
GLOBAL_CALLS = frozenset({"io", "useWebSocket"})
GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self"})
# package -> (constructor reported, imported names that open a socket; None = any)
SOCKET_PACKAGES: dict[str, tuple[str, frozenset[str] | None]] = {
    "socket.io-client": ("io", None),
    "react-use-websocket": ("useWebSocket", frozenset({"default", "useWebSocket", "useSocketIO"})),
    "@vueuse/core": ("useWebSocket", frozenset({"useWebSocket"})),
    "reconnecting-websocket": ("ReconnectingWebSocket", None),
    "ws": ("WebSocket", None),
    "isomorphic-ws": ("WebSocket", None),
    "rxjs/webSocket": ("webSocket", frozenset({"webSocket", "WebSocketSubject"})),
}
# The send functions socket hooks hand back (react-use-websocket's, VueUse's `send`), and those packages.
HOOK_SENDS = frozenset({"sendJsonMessage", "sendMessage", "send"})
SOCKET_HOOK_PACKAGES = frozenset({"react-use-websocket", "@vueuse/core"})
# Lifecycle events of socket.io-client v2-v4 (Socket and Manager), engine.io and `ws`,
# which are not message types.
_TRANSPORT_EVENTS = frozenset(
    {
        "connect", "disconnect", "disconnecting", "connect_error", "connect_failed", "connect_timeout",
        "error", "message", "open", "close", "reconnect", "reconnect_attempt", "reconnect_error",
        "reconnect_failed", "reconnecting", "ping", "pong", "packet", "packetCreate", "upgrade",
        "upgradeError", "upgrading", "handshake", "heartbeat", "drain", "flush", "redirect",
        "unexpected-response", "newListener", "removeListener",
    }
)  # fmt: skip
# `socket.io` is the Manager, `socket.io.engine` the engine.io socket: neither carries messages.
_TRANSPORT_RECEIVERS = frozenset({"io", "engine"})
_SOCKET_NAMES = frozenset({"io", "conn", "connection", "channel"})

# listening methods and how many arguments they take at least (ngx-socket-io's `fromEvent`
# returns an Observable: it takes no handler)
_LISTENERS = {"on": 2, "once": 2, "fromEvent": 1, "fromOneTimeEvent": 1}

ERROR_EVENTS = frozenset({"error", "close", "disconnect", "connect_error"})
HANDLER_PROPERTIES = frozenset({"onerror", "onclose"})



def socket_constructor(evaluator: Evaluator, callee: Node, scope: Scope, is_new: bool) -> str | None:
    """What opens a socket here (`WebSocket`, `io`, `useWebSocket`, ...), or None."""
    callee = unwrap(callee)
    if callee.type == "identifier":
        name = text(callee)
        if scope.lookup(name) is None:
            if name in (GLOBAL_CONSTRUCTORS if is_new else GLOBAL_CALLS):
                return name
            return None
        value = evaluator.resolve(name, scope)
        if is_new and name in GLOBAL_CONSTRUCTORS and isinstance(value, Ref) and not is_project_module(value.module):
            return name  # `import WebSocket from 'some-ws-package'`
    elif callee.type == "member_expression":
        base = callee.child_by_field_name("object")
        prop = member_property(callee)
        if base is None or base.type != "identifier" or prop is None:
            return None
        if is_new and prop in GLOBAL_CONSTRUCTORS and text(base) in GLOBAL_OBJECTS:
            return prop
        base_value = evaluator.resolve(text(base), scope)
        if not isinstance(base_value, Ref):
            return None
        value = member_of(base_value, prop, "")  # `io.connect` through `import * as io`
    else:
        return None
    if isinstance(value, Ref) and value.module.startswith(PACKAGE_PREFIX):
        entry = SOCKET_PACKAGES.get(value.module[len(PACKAGE_PREFIX) :])
        if entry is not None and (entry[1] is None or value.name.split(".")[0] in entry[1]):
            return entry[0]
    return None


def listened_event(call: Node, sockets: frozenset[str] | set[str] = frozenset(), this_is_socket: bool = False) -> Node | None:
    """The event argument of `socket.on(event, handler)` or ngx-socket-io's
    `socket.fromEvent(event)` on something socket-like (named so, or bound in this file to
    what `io(...)`/`new WebSocket(...)` returned; `this` in a file where a class may extend
    ngx-socket-io's `Socket`)."""
    callee = callee_of(call)
    if callee is None or callee.type != "member_expression":
        return None
    arity = _LISTENERS.get(member_property(callee) or "")
    receiver = callee.child_by_field_name("object")
    arguments = call.child_by_field_name("arguments")
    if arity is None or receiver is None or arguments is None:
        return None
    own = this_is_socket and arity == 1 and unwrap(receiver).type == "this"
    if not own and not socket_like(receiver) and last_name(unwrap(receiver)) not in sockets:
        return None
    if _transport_receiver(receiver):
        return None
    first = arguments.named_children[:1]
    return first[0] if first and len(arguments.named_children) >= arity else None


def is_transport_event(name: str) -> bool:
    return name in _TRANSPORT_EVENTS


def _transport_receiver(receiver: Node) -> bool:
    """`socket.io.on(...)`, `socket.io.engine.on(...)`: the Manager's and engine's own events."""
    node = unwrap(receiver)
    if node.type != "member_expression" or member_property(node) not in _TRANSPORT_RECEIVERS:
        return False
    base = node.child_by_field_name("object")  # `this.io = io(url)` is the socket itself
    return base is not None and socket_like(base)


def socket_like(receiver: Node) -> bool:
    """Heuristic: a receiver named like a socket (`socket`, `socketRef.current`, `ws`)."""
    node = unwrap(receiver)
    while node.type == "member_expression" and member_property(node) == "current":
        node = unwrap(node.child_by_field_name("object"))
    name = last_name(node)
    if name is None:
        return False
    lowered = name.lower()
    return "socket" in lowered or lowered.startswith("ws") or lowered in _SOCKET_NAMES


def _is_empty_function(node: Node | None) -> bool:
    node = unwrap(node) if node is not None else None
    if node is None or node.type not in FUNCTION_TYPES:
        return False
    body = node.child_by_field_name("body")
    return body is not None and body.type == "statement_block" and all(c.type == "comment" for c in body.named_children)


def empty_assigned_handler(node: Node) -> str | None:
    """`ws.onerror = () => {}` -> "onerror"."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or left.type != "member_expression":
        return None
    event = member_property(left)
    receiver = left.child_by_field_name("object")
    if event in HANDLER_PROPERTIES and receiver is not None and socket_like(receiver) and _is_empty_function(right):
        return event
    return None


def empty_listener(call: Node) -> str | None:
    """`ws.addEventListener('error', () => {})`, `socket.on('disconnect', () => {})`."""
    callee = callee_of(call)
    arguments = call.child_by_field_name("arguments")
    if callee is None or arguments is None or callee.type != "member_expression":
        return None
    if member_property(callee) not in ("addEventListener", "on", "once"):
        return None
    receiver = callee.child_by_field_name("object")
    args = arguments.named_children
    if receiver is None or len(args) < 2 or args[0].type != "string" or not socket_like(receiver):
        return None
    event = string_value(args[0])
    return event if event in ERROR_EVENTS and _is_empty_function(args[1]) else None


def bound_name(opening: Node) -> str | None:
    """`client` in `const client = io(url)` or `this.client = io(url)`."""
    parent = opening.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "non_null_expression", "await_expression"):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return text(name) if name is not None and name.type == "identifier" else None
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return last_name(left) if left is not None else None
    if parent.type == "public_field_definition":
        name = parent.child_by_field_name("name")
        return text(name) if name is not None else None
    return None
