"""React idioms that hold a function: `useCallback(fn)`, `useMemo(() => fn)`, `useEvent(fn)`,
and the members of the object a hook returns (`return { orders, doFetch }`)."""

from __future__ import annotations

from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, key_name, last_name, text, unwrap

# Hooks that return the function they are given (React, ahooks, and the usual userland names).
HOLDERS = frozenset({"useCallback", "useEvent", "useEffectEvent", "useMemoizedFn", "useCallbackRef", "useStableCallback"})
# Hooks that return what their factory returns.
FACTORIES = frozenset({"useMemo"})


def held_function(node: Node | None) -> Node | None:
    """The function an expression is or holds: inline, `useCallback(fn, deps)`, or the
    function `useMemo(() => fn, deps)` makes."""
    node = unwrap(node) if node is not None else None
    if node is None:
        return None
    if node.type in FUNCTION_TYPES:
        return node
    if node.type != "call_expression":
        return None
    name = last_name(callee_of(node))
    arguments = node.child_by_field_name("arguments")
    first = [a for a in arguments.named_children if a.type != "comment"][:1] if arguments is not None else []
    if not first or name not in HOLDERS | FACTORIES:
        return None
    given = unwrap(first[0])
    if given.type not in FUNCTION_TYPES:
        return None
    return given if name in HOLDERS else _made(given)


def _made(factory: Node) -> Node | None:
    """The function a `useMemo` factory returns: `() => () => load()`, `() => { return load; }`."""
    body = factory.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        inner = unwrap(body)
        return inner if inner.type in FUNCTION_TYPES else None
    for statement in body.named_children:
        if statement.type == "return_statement" and statement.named_children:
            inner = unwrap(statement.named_children[0])
            return inner if inner.type in FUNCTION_TYPES else None
    return None


def returned_members(statement: Node) -> list[tuple[str, Node]]:
    """(name, value) of the function-like members of a returned object literal:
    `return { orders, doFetch, reload: () => load(true) }` (values that are plain data,
    strings or numbers, left out), also of one made by `useMemo`."""
    returned = unwrap(statement.named_children[0]) if statement.named_children else None
    if returned is not None and returned.type == "call_expression":  # `return useMemo(() => ({...}), [...])`
        returned = returned_object(returned)
    if returned is None or returned.type != "object":
        return []
    members: list[tuple[str, Node]] = []
    for child in returned.named_children:
        if child.type == "shorthand_property_identifier":
            members.append((text(child), child))
        elif child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            name = key_name(key) if key is not None else None
            inner = unwrap(value) if value is not None else None
            if name and inner is not None and inner.type in _CALLABLE:
                members.append((name, inner))
        elif child.type == "method_definition":
            key = child.child_by_field_name("name")
            name = key_name(key) if key is not None else None
            if name:
                members.append((name, child))
    return members


def returned_object(call: Node) -> Node | None:
    """The object literal `useMemo(() => ({ ... }), deps)` makes."""
    if last_name(callee_of(call)) not in FACTORIES:
        return None
    arguments = call.child_by_field_name("arguments")
    first = [a for a in arguments.named_children if a.type != "comment"][:1] if arguments is not None else []
    factory = unwrap(first[0]) if first else None
    body = factory.child_by_field_name("body") if factory is not None and factory.type in FUNCTION_TYPES else None
    return unwrap(body) if body is not None and body.type != "statement_block" else None


_CALLABLE = FUNCTION_TYPES | {"identifier", "member_expression", "call_expression"}
