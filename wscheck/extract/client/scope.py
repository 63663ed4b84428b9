"""Scopes: the lexical bindings (parameters, consts, imports) that client identifiers resolve through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from wscheck.extract.client.nodes import Node, key_name, text
from wscheck.facts import Opaque, Param, Value


@dataclass(frozen=True)
class Known:
    """A binding whose value is already known (an import's Ref, a Param, an Opaque `let`)."""

    value: Value


@dataclass(frozen=True)
class Expr:
    """A `const` (or a parameter default) whose value is its initializer, evaluated on demand."""

    node: Node


@dataclass(frozen=True)
class Member:
    """A binding destructured from an initializer: `const {url} = config` is `config.url`."""

    node: Node
    path: tuple[str, ...]


Binding = Union[Known, Expr, Member]


class Scope:
    """One function or block: its own bindings, a memo of evaluated ones, and its parent.
    Bindings may be given as a thunk: most scopes are never asked for a name."""

    __slots__ = ("parent", "bindings", "pending", "cache", "busy", "function", "depth")

    def __init__(
        self,
        parent: "Scope | None",
        function: str | None,
        depth: int = 0,
        pending: "Callable[[], dict[str, Binding]] | None" = None,
    ) -> None:
        self.parent = parent
        self.bindings: dict[str, Binding] | None = None if pending is not None else {}
        self.pending = pending
        self.cache: dict[str, Value] = {}
        self.busy: set[str] = set()
        self.function = function  # the enclosing top-level function's name, if any
        self.depth = depth  # tree depth of the node that opened the scope

    def own(self) -> dict[str, Binding]:
        if self.bindings is None:
            self.bindings = self.pending() if self.pending is not None else {}
            self.pending = None
        return self.bindings

    def lookup(self, name: str) -> "tuple[Scope, Binding] | None":
        scope: Scope | None = self
        while scope is not None:
            bindings = scope.bindings if scope.bindings is not None else scope.own()
            binding = bindings.get(name)
            if binding is not None:
                return scope, binding
            scope = scope.parent
        return None


@dataclass(frozen=True)
class ParamSpec:
    index: int
    name: str
    property: str | None
    default: Node | None


def _bound_names(pattern: Node, out: list[str]) -> None:
    """Every name a destructuring pattern binds."""
    kind = pattern.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        out.append(text(pattern))
    elif kind in ("pair_pattern", "assignment_pattern", "object_assignment_pattern"):
        target = pattern.child_by_field_name("value" if kind == "pair_pattern" else "left")
        if target is not None:
            _bound_names(target, out)
    else:
        for child in pattern.named_children:
            _bound_names(child, out)


def _property_targets(pattern: Node) -> list[tuple[str | None, str, Node | None, Node | None]]:
    """(property, local name, default, nested pattern) for each entry of an object pattern."""
    entries: list[tuple[str | None, str, Node | None, Node | None]] = []
    for child in pattern.named_children:
        kind = child.type
        if kind == "shorthand_property_identifier_pattern":
            entries.append((text(child), text(child), None, None))
        elif kind == "object_assignment_pattern":
            left, right = child.child_by_field_name("left"), child.child_by_field_name("right")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                entries.append((text(left), text(left), right, None))
            elif left is not None:
                entries.append((None, "", None, left))
        elif kind == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            prop = key_name(key) if key is not None else None
            default = None
            if value is not None and value.type == "assignment_pattern":
                default, value = value.child_by_field_name("right"), value.child_by_field_name("left")
            if prop is not None and value is not None and value.type == "identifier":
                entries.append((prop, text(value), default, None))
            elif value is not None:
                entries.append((None, "", None, value))
        elif kind != "comment":
            entries.append((None, "", None, child))  # `...rest` and anything unusual
    return entries


def param_specs(function: Node) -> tuple[list[ParamSpec], list[str]]:
    """The parameters of a function, and the other names its parameter list binds
    (array patterns, `...rest` of an object pattern), which stay opaque."""
    single = function.child_by_field_name("parameter")
    if single is not None:
        return [ParamSpec(0, text(single), None, None)], []
    params = function.child_by_field_name("parameters")
    specs: list[ParamSpec] = []
    others: list[str] = []
    if params is None:
        return specs, others
    index = 0
    for node in params.named_children:
        kind = node.type
        if kind == "comment" or kind == "decorator":
            continue
        if kind in ("required_parameter", "optional_parameter"):
            pattern, default = node.child_by_field_name("pattern"), node.child_by_field_name("value")
        elif kind == "assignment_pattern":
            pattern, default = node.child_by_field_name("left"), node.child_by_field_name("right")
        else:
            pattern, default = node, None
        if pattern is None or pattern.type == "this":
            continue
        if pattern.type == "identifier":
            specs.append(ParamSpec(index, text(pattern), None, default))
        elif pattern.type == "rest_pattern" and pattern.named_children[:1] and pattern.named_children[0].type == "identifier":
            specs.append(ParamSpec(index, text(pattern.named_children[0]), None, None))
        elif pattern.type == "object_pattern":
            for prop, name, prop_default, nested in _property_targets(pattern):
                if nested is not None:
                    _bound_names(nested, others)
                elif prop is not None:
                    specs.append(ParamSpec(index, name, prop, prop_default))
        else:
            _bound_names(pattern, others)
        index += 1
    return specs, others


def declarator_bindings(declarator: Node, is_const: bool) -> list[tuple[str, Binding]]:
    """Bindings made by one `variable_declarator`; only `const` ones keep their value."""
    name_node = declarator.child_by_field_name("name")
    value = declarator.child_by_field_name("value")
    if name_node is None:
        return []
    if is_const and value is not None:
        if name_node.type == "identifier":
            return [(text(name_node), Expr(value))]
        if name_node.type == "object_pattern":
            bindings: list[tuple[str, Binding]] = []
            for prop, name, _default, nested in _property_targets(name_node):
                if nested is not None:
                    names: list[str] = []
                    _bound_names(nested, names)
                    bindings.extend((n, Known(Opaque(n))) for n in names)
                elif prop is not None:
                    bindings.append((name, Member(value, (prop,))))
            return bindings
    names = []
    _bound_names(name_node, names)
    return [(n, Known(Opaque(n))) for n in names]


def block_bindings(block: Node) -> list[tuple[str, Binding]]:
    """The bindings a block's own statements declare (not those of nested blocks)."""
    bindings: list[tuple[str, Binding]] = []
    for statement in block.named_children:
        kind = statement.type
        if kind in ("lexical_declaration", "variable_declaration"):
            kind_node = statement.child_by_field_name("kind")
            is_const = kind_node is not None and kind_node.type == "const"
            for declarator in statement.named_children:
                if declarator.type == "variable_declarator":
                    bindings.extend(declarator_bindings(declarator, is_const))
        elif kind in ("function_declaration", "generator_function_declaration"):
            name = statement.child_by_field_name("name")
            if name is not None:  # the node itself: a timer's callback is judged by its body
                bindings.append((text(name), Expr(statement)))
        elif kind == "class_declaration":
            name = statement.child_by_field_name("name")
            if name is not None:
                bindings.append((text(name), Known(Opaque(text(name)))))
    return bindings


def function_bindings(function: Node, qualname: str | None) -> dict[str, Binding]:
    """A function's parameters: each is its default if it has one, else the `Param` of a
    top-level function (`qualname`), else opaque (nobody can be traced calling it)."""
    specs, others = param_specs(function)
    bindings: dict[str, Binding] = {name: Known(Opaque(name)) for name in others}
    for spec in specs:
        if spec.default is not None:
            bindings[spec.name] = Expr(spec.default)
        elif qualname is not None:
            bindings[spec.name] = Known(Param(qualname, spec.name))
        else:
            bindings[spec.name] = Known(Opaque(spec.name))
    return bindings


class ParamOverlay(Scope):
    """A view of `inner` where a top-level function's parameters stay `Param`s, defaults
    or not: a polling hook's interval as its call sites will fill it in."""

    __slots__ = ("inner", "target", "params")

    def __init__(self, inner: Scope, target: Scope, params: dict[str, Binding]) -> None:
        super().__init__(inner.parent, inner.function, inner.depth)
        self.inner, self.target, self.params = inner, target, params

    def lookup(self, name: str) -> "tuple[Scope, Binding] | None":
        found = self.inner.lookup(name)
        if found is not None and found[0] is self.target and name in self.params:
            return self, self.params[name]
        return found
