"""Client sites: the calls worth a look, their arguments, project calls, and handled message types."""

from __future__ import annotations

import re

from wscheck.extract.client import sockets
from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, key_name, member_property, text, unwrap
from wscheck.extract.client.scope import Scope
from wscheck.extract.client.values import Evaluator
from wscheck.facts import Opaque, Ref, Value
from wscheck.modules import CONVENTIONAL_PATTERNS, PACKAGE_PREFIX, is_project_module

TYPE_KEYS = frozenset({"type", "event", "message_type"})
_EQUALITY = frozenset({"===", "==", "!==", "!="})
_HOOK_NAME = re.compile(r"use[A-Z0-9]")

def watched_names(imports: list[tuple[str, Ref]], functions: set[str], aliases: tuple[str, ...] = CONVENTIONAL_PATTERNS) -> frozenset[str]:
    """Names a callee must start with to be a socket or a project call; calls of anything
    else (`setState`, `console.log`) are skipped without resolving them. `aliases`: the
    specifiers (tsconfig `paths` patterns) that name project modules."""
    names = set(functions) | sockets.GLOBAL_CALLS | sockets.GLOBAL_CONSTRUCTORS | sockets.GLOBAL_OBJECTS
    for local, ref in imports:
        if is_project_module(ref.module, aliases) or ref.module[len(PACKAGE_PREFIX) :] in sockets.SOCKET_PACKAGES:
            names.add(local)
    return frozenset(names)


def root_name(callee: Node) -> str | None:
    """`f` for `f(...)`, `api` for `api.f(...)` and `api.pipelines.useList(...)`."""
    while callee.type == "member_expression":
        base = callee.child_by_field_name("object")
        if base is None:
            return None
        callee = base
    return text(callee) if callee.type == "identifier" else None


def interval_value(evaluator: Evaluator, node: Node | None, scope: Scope) -> Value:
    """A polling interval's value; a function computing it counts by what it returns."""
    inner = unwrap(node) if node is not None else None
    if inner is not None and inner.type in FUNCTION_TYPES:
        return evaluator.function_result(inner, scope)
    return evaluator.value(node, scope)


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


def project_callee(
    evaluator: Evaluator, callee: Node, scope: Scope, module: str, functions: set[str], aliases: tuple[str, ...] = CONVENTIONAL_PATTERNS,
) -> Ref | None:
    """The project function a call names: a same-module function, a relative or aliased
    import (also `api.useWs()` through `import * as api from './api'`)."""
    if callee.type == "identifier":
        value = evaluator.resolve(text(callee), scope)
        if not isinstance(value, Ref):
            return None
        if value.module == module:
            return value if value.name in functions else None
        return value if is_project_module(value.module, aliases) else None
    if callee.type == "member_expression":
        base, prop = callee.child_by_field_name("object"), member_property(callee)
        path = [prop] if prop is not None else []
        while base is not None and base.type == "member_expression" and member_property(base) is not None:
            path.insert(0, member_property(base))
            base = base.child_by_field_name("object")
        if base is None or not path or base.type != "identifier":
            return None
        value = evaluator.resolve(text(base), scope)
        if not isinstance(value, Ref) or not is_project_module(value.module, aliases):
            return None
        if value.name == "*" and len(path) == 1:
            return Ref(value.module, prop)
        # `api.pipelines.useList(...)`: a hook the project exposes through an object (hooks
        # only: `store.dispatch()`, `client.get()` are no project function of their own)
        if _HOOK_NAME.match(path[-1]):
            head = [] if value.name == "*" else [value.name]
            return Ref(value.module, ".".join(head + path))
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
