"""Syntax helpers: text, literals and locations of tree-sitter nodes, shared by the client extractor."""

from __future__ import annotations

from typing import Any

from wscheck.facts import Location

Node = Any  # tree_sitter.Node; typed loosely so that importing this module needs no tree-sitter

FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
# Wrappers that only change the static type of an expression.
TRANSPARENT_TYPES = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
)
_PREFIX_OPERATORS = frozenset({"await_expression", "unary_expression"})
_SHORT = 60
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def text(node: Node) -> str:
    return node.text.decode("utf-8", "replace")


def short(node: Node) -> str:
    """The node's source on one line, shortened for an `Opaque` value."""
    source = " ".join(text(node).split())
    return source if len(source) <= _SHORT else source[: _SHORT - 1] + "…"


def unwrap(node: Node) -> Node:
    """Strip parentheses, `as`, `satisfies`, `!` and `<T>` casts."""
    while node is not None and node.type in TRANSPARENT_TYPES:
        children = node.named_children
        if not children:
            return node
        # `<T>x` has the type first; the others have the expression first.
        node = children[-1] if node.type == "type_assertion" else children[0]
    return node


def callee_of(call: Node) -> Node | None:
    """What a call (or `new`) calls. tree-sitter reads `await getJson<T>(url)` (and
    `!f<T>(x)`, `void f<T>(x)`) as a call of `await getJson` with type arguments: the
    operator belongs to the whole call, so it is stepped over."""
    if call.type == "new_expression":
        return call.child_by_field_name("constructor")
    function = call.child_by_field_name("function")
    while function is not None and function.type in _PREFIX_OPERATORS and call.child_by_field_name("type_arguments") is not None:
        inner = function.child_by_field_name("argument") if function.type == "unary_expression" else None
        named = function.named_children
        function = inner if inner is not None else (named[-1] if named else None)
    return function


def decode_escape(escape: str) -> str:
    """The character(s) a JS escape sequence such as `\\n`, `\\x41`, `\\u{1F600}` stands for."""
    body = escape[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # a line continuation
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    try:
        if body[0] == "x":
            return chr(int(body[1:3], 16))
        if body[0] == "u":
            digits = body[2:-1] if body.startswith("u{") else body[1:5]
            return chr(int(digits, 16))
    except ValueError:
        pass
    return body


def string_value(node: Node) -> str:
    """The value of a `string` node, or of a template string's literal chunk sequence."""
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "string_fragment":
            parts.append(text(child))
        elif kind == "escape_sequence":
            parts.append(decode_escape(text(child)))
    return "".join(parts)


def number_value(source: str) -> float | None:
    """A JS numeric literal's value: `1_000`, `0xff`, `1e3`, `10n`."""
    digits = source.replace("_", "")
    if digits.endswith("n"):
        digits = digits[:-1]
    try:
        if digits[:2].lower() in ("0x", "0o", "0b"):
            return float(int(digits, 0))
        return float(digits)
    except ValueError:
        return None


def key_name(node: Node) -> str | None:
    """The static name of an object key or property signature name, if it has one."""
    kind = node.type
    if kind in ("property_identifier", "identifier", "shorthand_property_identifier", "private_property_identifier"):
        return text(node)
    if kind == "string":
        return string_value(node)
    if kind == "number":
        return text(node)
    return None


def last_name(node: Node | None) -> str | None:
    """`x` for `x` and for `a.b.x`."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "identifier":
        return text(node)
    return member_property(node)


def member_property(node: Node) -> str | None:
    """`type` for `msg.type`, `msg?.type` and `msg['type']`; None for anything else."""
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return text(prop) if prop is not None else None
    if node.type == "subscript_expression":
        index = node.child_by_field_name("index")
        if index is not None and index.type == "string":
            return string_value(index)
    return None


class Locator:
    """Turns a node into a `Location` with a 1-based, character-counted column."""

    def __init__(self, path: str, source: bytes) -> None:
        self.path = path
        self._source = source

    def __call__(self, node: Node) -> Location:
        row, column = node.start_point
        start = node.start_byte
        prefix = self._source[start - column : start]
        if not prefix.isascii():
            column = len(prefix.decode("utf-8", "replace"))
        return Location(self.path, row + 1, column + 1)


_NAMED_DECLARATIONS = frozenset(
    {"function_declaration", "generator_function_declaration", "class_declaration", "abstract_class_declaration"}
)


def holder_name(node: Node) -> str | None:
    """The top-level function, class or `const` whose code holds `node` (`default` for an
    `export default` value such as a component's options or a Nuxt plugin); None in a
    statement of the module's own (`socket.on(...)` at the top level)."""
    statement, parent = node, node.parent
    while parent is not None and parent.type != "program":
        statement, parent = parent, parent.parent
    if parent is None:
        return None
    if statement.type == "export_statement":
        declaration = statement.child_by_field_name("declaration")
        if declaration is None:
            return "default" if statement.child_by_field_name("value") is not None else None
        statement = declaration
    if statement.type in _NAMED_DECLARATIONS:
        name = statement.child_by_field_name("name")
        return text(name) if name is not None else None
    if statement.type in ("lexical_declaration", "variable_declaration"):
        for declarator in statement.named_children:
            if declarator.type == "variable_declarator" and declarator.start_byte <= node.start_byte < declarator.end_byte:
                name = declarator.child_by_field_name("name")
                return text(name) if name is not None and name.type == "identifier" else None
    return None
