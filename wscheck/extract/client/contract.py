"""Contract details: where a handled type is declared, and the HTTP resource a polling
query fetches (for WS104 and WS203)."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, callee_of, key_name, member_property, unwrap

FETCH_CALLS = frozenset({"fetch", "axios", "ky", "ofetch", "$fetch"})  # fetch(url), axios(url)
FETCH_METHODS = frozenset({"get", "post", "request", "head"})  # axios.get(url), api.get(url)
_DECLARATIONS = frozenset({"interface_declaration", "type_alias_declaration"})


def container_name(node: Node) -> str | None:
    """The interface or type alias a `type: 'x'` signature belongs to."""
    current = node.parent
    while current is not None:
        if current.type in _DECLARATIONS:
            name = current.child_by_field_name("name")
            return name.text.decode("utf-8", "replace") if name is not None else None
        current = current.parent
    return None


def fetched_url(call: Node) -> Node | None:
    """The URL argument of `fetch(url)`, `axios.get(url)`, `api.get(url)`."""
    callee = callee_of(call)
    arguments = call.child_by_field_name("arguments")
    if callee is None or arguments is None or not arguments.named_children:
        return None
    callee = unwrap(callee)
    if callee.type == "identifier":
        name = callee.text.decode("utf-8", "replace")
        return arguments.named_children[0] if name in FETCH_CALLS else None
    if callee.type == "member_expression" and member_property(callee) in FETCH_METHODS:
        first = unwrap(arguments.named_children[0])
        return first if first.type in ("string", "template_string", "identifier", "member_expression", "binary_expression") else None
    return None


def sibling_value(pair: Node, key: str) -> Node | None:
    """The value of another property in the same object literal: `queryFn` beside `refetchInterval`."""
    owner = pair.parent
    if owner is None or owner.type != "object":
        return None
    return entry_value(owner, key)


def entry_value(owner: Node, key: str) -> Node | None:
    """The value of a property of an object literal."""
    for child in owner.named_children:
        if child.type == "pair":
            name = child.child_by_field_name("key")
            if name is not None and key_name(name) == key:
                return child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier" and child.text.decode("utf-8", "replace") == key:
            return child
    return None


def relative_to_instance(call: Node) -> bool:
    """`api.get(url)` on a client instance (not `axios.get`): the URL is relative to a baseURL."""
    callee = unwrap(callee_of(call))
    if callee is None or callee.type != "member_expression":
        return False
    receiver = callee.child_by_field_name("object")
    return receiver is not None and receiver.text.decode("utf-8", "replace") not in FETCH_CALLS


def first_fetch_in(function: Node) -> tuple[Node, Node] | None:
    """(call, URL argument) of the first fetch-like call inside an inline `queryFn`."""
    stack = [function]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            found = fetched_url(node)
            if found is not None:
                return node, found
        stack.extend(reversed(node.named_children))
    return None


def first_called_name(function: Node) -> Node | None:
    """`() => getSystemStatus()`: the identifier of the function an inline `queryFn` calls."""
    body = function.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            callee = unwrap(callee_of(node))
            if callee is not None and callee.type == "identifier":
                return callee
        stack.extend(reversed(node.named_children))
    return None
