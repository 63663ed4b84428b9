"""Socket timers: the sends over a socket a timer's callback makes (`ws.send(...)`,
`socket.emit("x")`, react-use-websocket's `sendJsonMessage`), and what each carries: a
timer that asks over the socket is a pull or a keep-alive, not HTTP polling."""

from __future__ import annotations

from typing import Callable

from wscheck.extract.client.nodes import Node, last_name, member_property, text, unwrap
from wscheck.extract.client.sockets import HOOK_SENDS, SOCKET_HOOK_PACKAGES, socket_like
from wscheck.extract.client.scope import Scope
from wscheck.facts import Message, Ref, Value

# Sending methods on something socket-like (`ws.send`, `socket.emit`, `wsRef.current.send`).
SEND_METHODS = frozenset({"send", "emit", "sendMessage"})
# what a file must hold to send over a socket at all (patterns.py's prefilter uses them too)
WORDS = (b"send(", b"emit(", b"SendMessage", b"sendJsonMessage")


def hook_sends_of(packages: frozenset[str]) -> frozenset[str]:
    """The bare send functions this file may have from a socket hook (`const { sendJsonMessage } =
    useWebSocket(url)`): any of them beside such a package, else only the unmistakable one."""
    return HOOK_SENDS if packages & SOCKET_HOOK_PACKAGES else frozenset({"sendJsonMessage"})


def sends_in(function: Node, local: Callable[[str], Node | None], is_send: Callable[[Node], bool]) -> list[Node]:
    """The socket sends a timer's callback makes: in its body (nested callbacks included)
    and in the file's functions it calls, each looked into once (a visited set)."""
    found: list[Node] = []
    pending, seen = [function], {function.id}
    while pending:
        current = pending.pop()
        stack = [current.child_by_field_name("body") or current]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            if node.type == "call_expression":
                if is_send(node):
                    found.append(node)
                    continue
                callee = unwrap(node.child_by_field_name("function"))
                callee_function = local(text(callee)) if callee is not None and callee.type == "identifier" else None
                if callee_function is not None and callee_function.id not in seen:
                    seen.add(callee_function.id)
                    pending.append(callee_function)
            stack.extend(node.named_children)
    found.sort(key=lambda n: n.start_byte)
    return found


def is_send(call: Node, sockets: set[str], hook_sends: frozenset[str]) -> bool:
    """`ws.send(x)`, `socket.emit("e")`, `socket.volatile.emit("e")` on something named like a
    socket or bound here to one; `sendJsonMessage(x)` from a socket hook."""
    callee = unwrap(call.child_by_field_name("function"))
    if callee is None:
        return False
    if callee.type == "identifier":
        return text(callee) in hook_sends
    if callee.type != "member_expression" or member_property(callee) not in SEND_METHODS:
        return False
    receiver = unwrap(callee.child_by_field_name("object"))
    if receiver.type == "member_expression" and member_property(receiver) == "volatile":
        receiver = unwrap(receiver.child_by_field_name("object"))
    return socket_like(receiver) or last_name(receiver) in sockets


def is_emit(call: Node) -> bool:
    callee = unwrap(call.child_by_field_name("function"))
    return callee is not None and callee.type == "member_expression" and member_property(callee) == "emit"


def payload(call: Node) -> Node | None:
    """What a send carries: its first argument, through `JSON.stringify(...)`."""
    arguments = call.child_by_field_name("arguments")
    first = next((a for a in arguments.named_children if a.type != "comment"), None) if arguments is not None else None
    first = unwrap(first) if first is not None else None
    if first is not None and first.type == "call_expression":
        callee = first.child_by_field_name("function")
        if callee is not None and text(callee) == "JSON.stringify":
            inner = first.child_by_field_name("arguments")
            found = [a for a in inner.named_children if a.type != "comment"] if inner is not None else []
            return unwrap(found[0]) if found else None
    return first


def message(call: Node, evaluator, scope: Scope) -> Value:
    """The payload's value, or `Message(event)` for an emit (its event names the message)."""
    node = payload(call)
    value = evaluator.value(node, scope) if node is not None else None
    if is_emit(call):
        return Message(value)
    return value if value is not None else Message(None)


def socket_ref(call: Node, evaluator, scope: Scope) -> Ref | None:
    """The socket sent on, where another module holds it (`import { socket } from '@/lib/socket'`);
    the model keeps those it finds in the project."""
    callee = unwrap(call.child_by_field_name("function"))
    if callee is None or callee.type != "member_expression":
        return None
    receiver = unwrap(callee.child_by_field_name("object"))
    while receiver.type == "member_expression":  # `socket.volatile`, `socketRef.current`
        receiver = unwrap(receiver.child_by_field_name("object"))
    if receiver.type != "identifier":
        return None
    value = evaluator.resolve(text(receiver), scope)
    return value if isinstance(value, Ref) else None
