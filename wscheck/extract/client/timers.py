"""Timers: `setInterval(fn, ms)`, the `useInterval` hooks of utility packages, and a
`setTimeout` that re-arms the function it runs in (recursive polling)."""

from __future__ import annotations

from typing import Callable

from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, member_property, text, unwrap
from wscheck.extract.client.scope import Scope
from wscheck.facts import PollingKind, Ref
from wscheck.modules import PACKAGE_PREFIX
from wscheck.polling_words import names_socket_state

WORDS = (b"setInterval", b"setTimeout", b"useInterval")  # a file with none has no timer
INTERVAL_NAMES = frozenset({"setInterval"})
TIMEOUT_NAMES = frozenset({"setTimeout"})
# package hooks with the signature (callback, delay)
INTERVAL_HOOKS: dict[str, frozenset[str]] = {
    "usehooks-ts": frozenset({"useInterval"}),
    "ahooks": frozenset({"useInterval"}),
    "react-use": frozenset({"useInterval"}),
    "@vueuse/core": frozenset({"useIntervalFn"}),
    "@mantine/hooks": frozenset({"useInterval"}),
}
_TIMER_OWNERS = frozenset({"window", "globalThis", "self"})


def timer_kind(callee: Node, scope: Scope, evaluator) -> PollingKind | None:
    """SET_INTERVAL or SET_TIMEOUT for the browser timers (unshadowed) and the package hooks."""
    callee = unwrap(callee)
    if callee.type == "identifier":
        name = text(callee)
        if name in INTERVAL_NAMES or name in TIMEOUT_NAMES:
            if scope.lookup(name) is not None:
                return None  # a local `setInterval` of the project's own
            return PollingKind.SET_INTERVAL if name in INTERVAL_NAMES else PollingKind.SET_TIMEOUT
        value = evaluator.resolve(name, scope) if scope.lookup(name) is not None else None
        if isinstance(value, Ref) and value.module.startswith(PACKAGE_PREFIX):
            names = INTERVAL_HOOKS.get(value.module[len(PACKAGE_PREFIX) :])
            if names is not None and value.name in names:
                return PollingKind.SET_INTERVAL
        return None
    if callee.type == "member_expression":
        owner = callee.child_by_field_name("object")
        prop = member_property(callee)
        if owner is not None and owner.type == "identifier" and text(owner) in _TIMER_OWNERS:
            if prop in INTERVAL_NAMES:
                return PollingKind.SET_INTERVAL
            if prop in TIMEOUT_NAMES:
                return PollingKind.SET_TIMEOUT
    return None


def function_name(function: Node) -> str | None:
    """The name a function is called by: its declaration, its `const`, or its method name."""
    name = function.child_by_field_name("name")
    if name is not None:
        return text(name)
    parent = function.parent
    while parent is not None and parent.type in ("parenthesized_expression", "call_expression", "arguments"):
        parent = parent.parent  # `const poll = useCallback(async () => {...}, [])`
    if parent is not None and parent.type in ("variable_declarator", "public_field_definition", "pair"):
        key = parent.child_by_field_name("name") or parent.child_by_field_name("key")
        return text(key) if key is not None else None
    return None


def rearmed_function(call: Node, callback: Node, local: Callable[[str], Node | None]) -> Node | None:
    """For `setTimeout(cb, ms)`: the enclosing function that `cb` runs again, if any —
    `setTimeout(poll, ms)`, `setTimeout(() => this.poll(), ms)` inside `poll`, or through
    the file's own functions (`function a() { setTimeout(b, ms) }`, `function b() { a() }`).
    `local` names a function of this file; each is looked into once (a visited set)."""
    enclosing: dict[str, Node] = {}  # by name, the innermost first
    current = call.parent
    while current is not None:
        if current.type in FUNCTION_TYPES:
            name = function_name(current)
            if name is not None:
                enclosing.setdefault(name, current)
        current = current.parent
    called = _called_names(callback)
    for name, function in enclosing.items():
        if name in called:
            return function  # a direct re-arm
    pending, seen = sorted(called), set(called)
    while pending and enclosing:
        function = local(pending.pop())
        for name in sorted(_called_names(function)) if function is not None else ():
            if name in enclosing:
                return enclosing[name]
            if name not in seen:
                seen.add(name)
                pending.append(name)
    return None


def _called_names(callback: Node) -> set[str]:
    node = unwrap(callback)
    if node.type == "identifier":
        return {text(node)}
    if node.type == "member_expression":
        prop = member_property(node)
        return {prop} if prop else set()
    names: set[str] = set()
    if node.type in FUNCTION_TYPES:
        stack = [node.child_by_field_name("body")]
        while stack:
            current = stack.pop()
            if current is None:
                continue
            if current.type == "call_expression":
                callee = unwrap(callee_of(current))
                if callee is not None and callee.type == "identifier":
                    names.add(text(callee))
                elif callee is not None and callee.type == "member_expression":
                    names.add(member_property(callee) or "")
            stack.extend(current.named_children)
    return names


def _socket_test(condition: Node | None) -> str | None:
    if condition is None:
        return None
    source = " ".join(text(condition).split())
    return source if names_socket_state(source) else None


def socket_guard(call: Node) -> str | None:
    """The condition under which a timer runs only while the socket is down:
    `if (!connected) setInterval(...)`, or `if (isConnected) return;` before it."""
    current, child = call.parent, call
    while current is not None and current.type != "program":
        consequence = current.child_by_field_name("consequence") if current.type == "if_statement" else None
        if consequence is not None and consequence.id == child.id:
            test = _socket_test(current.child_by_field_name("condition"))
            if test is not None:
                return test
        if current.type == "statement_block":
            for statement in current.named_children:
                if statement.id == child.id:
                    break
                if statement.type == "if_statement" and (guard := _return_guard(statement)) is not None:
                    return guard
        if current.type in FUNCTION_TYPES and current.parent is not None and current.parent.type == "program":
            break
        child, current = current, current.parent
    return None


def callback_guard(callback: Node) -> str | None:
    """`setInterval(() => { if (socket.connected) return; ... })`: it ticks always but
    fetches only while the socket is down."""
    node = unwrap(callback)
    body = node.child_by_field_name("body") if node.type in FUNCTION_TYPES else None
    if body is None or body.type != "statement_block":
        return None
    for statement in body.named_children:
        if statement.type == "comment":
            continue
        if statement.type != "if_statement":
            return None  # only a guard that comes first
        guard = _return_guard(statement)
        if guard is not None:
            return guard
    return None


def _return_guard(statement: Node) -> str | None:
    """`if (socket.connected) return;`: what it runs under below it (`!socket.connected`)."""
    consequence = statement.child_by_field_name("consequence")
    first = consequence.named_children[:1] if consequence is not None and consequence.type == "statement_block" else [consequence]
    if first and first[0] is not None and first[0].type == "return_statement":
        test = _socket_test(statement.child_by_field_name("condition"))
        if test is not None:
            return f"!{test}"
    return None


_SOCKET_OPENERS = frozenset({"WebSocket", "ReconnectingWebSocket", "EventSource", "io", "connect"})


def opens_socket(function: Node) -> bool:
    """A function that opens a socket: a `setTimeout` re-arming it is a reconnect loop."""
    stack = [function.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type in ("new_expression", "call_expression"):
            callee = callee_of(node)
            callee = unwrap(callee) if callee is not None else None
            name = text(callee) if callee is not None and callee.type == "identifier" else member_property(callee) if callee is not None else None
            if name in _SOCKET_OPENERS:
                return True
        stack.extend(node.named_children)
    return False
