"""Client sites: what makes a node a polling site, a socket, a project call or a handled message type."""

from __future__ import annotations

from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, key_name, member_property, string_value, text, unwrap
from wscheck.extract.client.paths import PACKAGE_PREFIX, is_project_module
from wscheck.extract.client.scope import Scope
from wscheck.extract.client.values import Evaluator, member_of
from wscheck.facts import Opaque, Ref, Value

POLLING_KEY = "refetchInterval"
TYPE_KEYS = frozenset({"type", "event", "message_type"})
_EQUALITY = frozenset({"===", "==", "!==", "!="})

# Names that open a socket when nothing in the file binds them (browser globals, CDN `io`).
_GLOBAL_CONSTRUCTORS = frozenset({"WebSocket", "ReconnectingWebSocket"})
_GLOBAL_CALLS = frozenset({"io", "useWebSocket"})
_GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self"})
# package -> (constructor reported, imported names that open a socket; None = any)
_SOCKET_PACKAGES: dict[str, tuple[str, frozenset[str] | None]] = {
    "socket.io-client": ("io", None),
    "react-use-websocket": ("useWebSocket", frozenset({"default", "useWebSocket", "useSocketIO"})),
    "@vueuse/core": ("useWebSocket", frozenset({"useWebSocket"})),
    "reconnecting-websocket": ("ReconnectingWebSocket", None),
    "ws": ("WebSocket", None),
    "isomorphic-ws": ("WebSocket", None),
}
# Transport events of socket.io and `ws`, which are not message types.
_TRANSPORT_EVENTS = frozenset(
    {
        "connect", "disconnect", "disconnecting", "connect_error", "error", "message", "open", "close",
        "reconnect", "reconnect_attempt", "reconnect_error", "reconnect_failed", "reconnecting",
        "ping", "pong", "upgrade", "unexpected-response", "newListener", "removeListener",
    }
)  # fmt: skip
_SOCKET_NAMES = frozenset({"io", "conn", "connection", "channel"})
_STOP_GLOBAL_SEARCH = FUNCTION_TYPES | {"expression_statement", "lexical_declaration", "program"}


def watched_names(imports: list[tuple[str, Ref]], functions: set[str]) -> frozenset[str]:
    """Names a callee must start with to be a socket or a project call; calls of anything
    else (`setState`, `console.log`) are skipped without resolving them."""
    names = set(functions) | _GLOBAL_CALLS | _GLOBAL_CONSTRUCTORS | _GLOBAL_OBJECTS
    for local, ref in imports:
        if is_project_module(ref.module) or ref.module[len(PACKAGE_PREFIX) :] in _SOCKET_PACKAGES:
            names.add(local)
    return frozenset(names)


def root_name(callee: Node) -> str | None:
    """`f` for `f(...)` and `api.f(...)`."""
    if callee.type == "identifier":
        return text(callee)
    if callee.type == "member_expression":
        base = callee.child_by_field_name("object")
        if base is not None and base.type == "identifier":
            return text(base)
    return None


def interval_value(evaluator: Evaluator, node: Node | None, scope: Scope) -> Value:
    """A refetchInterval's value; a function computing it counts by what it returns."""
    inner = unwrap(node) if node is not None else None
    if inner is not None and inner.type in FUNCTION_TYPES:
        return evaluator.function_result(inner, scope)
    return evaluator.value(node, scope)


def is_global_default(node: Node) -> bool:
    """Inside `new QueryClient({defaultOptions: ...})` or `client.setDefaultOptions(...)`."""
    under_default_options = False
    current = node.parent
    while current is not None and current.type not in _STOP_GLOBAL_SEARCH:
        kind = current.type
        if kind == "pair":
            key = current.child_by_field_name("key")
            under_default_options |= key is not None and key_name(key) == "defaultOptions"
        elif kind == "new_expression":
            constructor = current.child_by_field_name("constructor")
            name = _last_name(constructor) if constructor is not None else None
            return under_default_options and name == "QueryClient"
        elif kind == "call_expression":
            callee = current.child_by_field_name("function")
            return callee is not None and _last_name(callee) == "setDefaultOptions"
        current = current.parent
    return False


def _last_name(node: Node) -> str | None:
    node = unwrap(node)
    if node.type == "identifier":
        return text(node)
    return member_property(node)


def socket_constructor(evaluator: Evaluator, callee: Node, scope: Scope, is_new: bool) -> str | None:
    """What opens a socket here (`WebSocket`, `io`, `useWebSocket`, ...), or None."""
    callee = unwrap(callee)
    if callee.type == "identifier":
        name = text(callee)
        if scope.lookup(name) is None:
            if name in (_GLOBAL_CONSTRUCTORS if is_new else _GLOBAL_CALLS):
                return name
            return None
        value = evaluator.resolve(name, scope)
        if is_new and name in _GLOBAL_CONSTRUCTORS and isinstance(value, Ref) and not is_project_module(value.module):
            return name  # `import WebSocket from 'some-ws-package'`
    elif callee.type == "member_expression":
        base = callee.child_by_field_name("object")
        prop = member_property(callee)
        if base is None or base.type != "identifier" or prop is None:
            return None
        if is_new and prop in _GLOBAL_CONSTRUCTORS and text(base) in _GLOBAL_OBJECTS:
            return prop
        base_value = evaluator.resolve(text(base), scope)
        if not isinstance(base_value, Ref):
            return None
        value = member_of(base_value, prop, "")  # `io.connect` through `import * as io`
    else:
        return None
    if isinstance(value, Ref) and value.module.startswith(PACKAGE_PREFIX):
        entry = _SOCKET_PACKAGES.get(value.module[len(PACKAGE_PREFIX) :])
        if entry is not None and (entry[1] is None or value.name.split(".")[0] in entry[1]):
            return entry[0]
    return None


def arguments_of(evaluator: Evaluator, call: Node, scope: Scope) -> tuple[Value, ...]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return ()
    values: list[Value] = []
    for argument in arguments.named_children:
        if argument.type == "comment":
            continue
        if argument.type == "spread_element":
            values.append(Opaque(text(argument)[:60]))
        else:
            values.append(evaluator.value(argument, scope))
    return tuple(values)


def project_callee(evaluator: Evaluator, callee: Node, scope: Scope, module: str, functions: set[str]) -> Ref | None:
    """The project function a call names: a same-module function or a relative import
    (also `api.useWs()` through `import * as api from './api'`)."""
    if callee.type == "identifier":
        value = evaluator.resolve(text(callee), scope)
        if not isinstance(value, Ref):
            return None
        if value.module == module:
            return value if value.name in functions else None
        return value if is_project_module(value.module) else None
    if callee.type == "member_expression":
        base, prop = callee.child_by_field_name("object"), member_property(callee)
        if base is None or prop is None or base.type != "identifier":
            return None
        value = evaluator.resolve(text(base), scope)
        if isinstance(value, Ref) and value.name == "*" and is_project_module(value.module):
            return Ref(value.module, prop)
    return None


def compared_types(node: Node) -> list[Node]:
    """String literals compared with a type key: `msg.type === 'T'`, `'T' == data.event`."""
    operator = node.child_by_field_name("operator")
    if operator is None or operator.type not in _EQUALITY:
        return []
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return []
    left, right = unwrap(left), unwrap(right)
    for literal, other in ((left, right), (right, left)):
        if literal.type == "string" and member_property(other) in TYPE_KEYS:
            return [literal]
    return []


def switch_types(node: Node) -> list[Node]:
    """The string `case`s of `switch (msg.type)`."""
    discriminant, body = node.child_by_field_name("value"), node.child_by_field_name("body")
    if discriminant is None or body is None or member_property(unwrap(discriminant)) not in TYPE_KEYS:
        return []
    literals = []
    for case in body.named_children:
        value = case.child_by_field_name("value") if case.type == "switch_case" else None
        if value is not None and unwrap(value).type == "string":
            literals.append(unwrap(value))
    return literals


def signature_types(node: Node) -> list[Node]:
    """String literal types of `type: 'a' | 'b'` in an interface or type alias."""
    name, annotation = node.child_by_field_name("name"), node.child_by_field_name("type")
    if name is None or annotation is None or key_name(name) not in TYPE_KEYS:
        return []
    literals: list[Node] = []
    stack = list(annotation.named_children)
    while stack:
        current = stack.pop()
        if current.type in ("union_type", "parenthesized_type"):
            stack.extend(reversed(current.named_children))
        elif current.type == "literal_type":
            literals.extend(child for child in current.named_children if child.type == "string")
    return literals


def listened_types(call: Node) -> list[Node]:
    """`socket.on('T', handler)` on something socket-like; transport events excluded."""
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "member_expression" or member_property(callee) not in ("on", "once"):
        return []
    receiver = callee.child_by_field_name("object")
    arguments = call.child_by_field_name("arguments")
    if receiver is None or arguments is None or not socket_like(receiver):
        return []
    first = arguments.named_children[:1]
    if not first or first[0].type != "string" or string_value(first[0]) in _TRANSPORT_EVENTS:
        return []
    return [first[0]]


def socket_like(receiver: Node) -> bool:
    """Heuristic: a receiver named like a socket (`socket`, `socketRef.current`, `ws`)."""
    node = unwrap(receiver)
    while node.type == "member_expression" and member_property(node) == "current":
        node = unwrap(node.child_by_field_name("object"))
    name = _last_name(node)
    if name is None:
        return False
    lowered = name.lower()
    return "socket" in lowered or lowered.startswith("ws") or lowered in _SOCKET_NAMES
