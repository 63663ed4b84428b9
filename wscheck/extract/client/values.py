"""Values: turns a tree-sitter expression into a symbolic `Value`, resolving names lexically."""

from __future__ import annotations

from wscheck.extract.client.nodes import (
    FUNCTION_TYPES,
    Node,
    callee_of,
    decode_escape,
    key_name,
    member_property,
    number_value,
    short,
    string_value,
    text,
    unwrap,
)
from wscheck.extract.client.scope import Binding, Known, Member, Scope, block_bindings, function_bindings
from wscheck.facts import Arith, Bool, Conditional, Num, Obj, OneOf, Opaque, Param, Ref, Str, Template, Value
from wscheck.modules import NUXT_CONFIG
from wscheck.values import SPREAD

_MAX_DEPTH = 40  # deeper expressions (a 500-term string concatenation) become Opaque
_ARITH = frozenset({"+", "-", "*", "/"})
_TEST_TEXT = 200
REACTIVE = frozenset({"ref", "shallowRef", "readonly", "computed", "toRef", "signal", "createSignal", "defineNuxtConfig"})


def member_of(base: Value, prop: str, fallback: str) -> Value:
    """`base.prop`: an object literal's entry (the last one written, a spread parameter's
    member when the spread comes later), a longer dotted Ref/Param name, or through
    `options ?? {}` the member of the side that can have one."""
    if isinstance(base, Obj):
        for key, value in reversed(base.entries):
            if key == prop:
                return value
            if key == SPREAD:
                return member_of(value, prop, fallback)
    elif isinstance(base, OneOf):
        found = [member_of(option, prop, fallback) for option in base.options if not _lacks(option, prop)]
        if len(found) == 1:
            return found[0]
        return OneOf(tuple(found)) if found else Opaque(fallback)
    elif isinstance(base, Ref):
        return Ref(base.module, prop if base.name == "*" else f"{base.name}.{prop}")
    elif isinstance(base, Param):
        return Param(base.function, f"{base.name}.{prop}")
    return Opaque(fallback)


class Evaluator:
    """Evaluates expressions of one file; module-level names come from the module scope."""

    def __init__(self) -> None:
        self._handlers = {
            "number": self._number,
            "string": self._string,
            "template_string": self._template,
            "true": self._bool,
            "false": self._bool,
            "identifier": self._identifier,
            "shorthand_property_identifier": self._identifier,
            "binary_expression": self._binary,
            "unary_expression": self._unary,
            "ternary_expression": self._ternary,
            "object": self._object,
            "member_expression": self._member,
            "subscript_expression": self._member,
            "call_expression": self._call,
        }

    def value(self, node: Node | None, scope: Scope, depth: int = 0) -> Value:
        if node is None:
            return Opaque("")
        node = unwrap(node)
        handler = self._handlers.get(node.type)
        if handler is None or depth > _MAX_DEPTH:
            return Opaque(short(node))
        return handler(node, scope, depth + 1)

    def resolve(self, name: str, scope: Scope, depth: int = 0) -> Value | None:
        """The value an identifier is bound to in `scope`, or None for an unknown global."""
        found = scope.lookup(name)
        if found is None:
            return None
        owner, binding = found
        if isinstance(binding, Known):
            return binding.value
        cached = owner.cache.get(name)
        if cached is not None:
            return cached
        if name in owner.busy or depth > _MAX_DEPTH:
            return Opaque(name)
        owner.busy.add(name)
        try:
            result = self.binding_value(binding, owner, name, depth + 1)
        finally:
            owner.busy.discard(name)
        owner.cache[name] = result
        return result

    def binding_value(self, binding: Binding, scope: Scope, name: str, depth: int = 0) -> Value:
        """The value of `name`'s binding, evaluated in the scope that declares it."""
        if isinstance(binding, Known):
            return binding.value
        result = self.value(binding.node, scope, depth)
        if isinstance(binding, Member):
            for prop in binding.path:
                result = member_of(result, prop, name)
        return result

    def function_result(self, function: Node, scope: Scope, depth: int = 0) -> Value:
        """What a function returns: its expression body, or the value(s) of its `return`s."""
        inner = Scope(scope, scope.function, pending=lambda: function_bindings(function, None))
        body = function.child_by_field_name("body")
        if body is None:
            return Opaque(short(function))
        if body.type != "statement_block":
            return self.value(body, inner, depth + 1)
        block = Scope(inner, scope.function, pending=lambda: dict(block_bindings(body)))
        results: list[Value] = []
        for statement in _returns(body):
            argument = statement.named_children[0] if statement.named_children else None
            result = self.value(argument, block, depth + 1) if argument is not None else Opaque("undefined")
            if result not in results:
                results.append(result)
        if not results:
            return Opaque(short(function))
        return results[0] if len(results) == 1 else OneOf(tuple(results))

    # --- one handler per expression kind ------------------------------------------

    def _number(self, node: Node, scope: Scope, depth: int) -> Value:
        number = number_value(text(node))
        return Num(number) if number is not None else Opaque(text(node))

    def _string(self, node: Node, scope: Scope, depth: int) -> Value:
        return Str(string_value(node))

    def _bool(self, node: Node, scope: Scope, depth: int) -> Value:
        return Bool(node.type == "true")

    def _template(self, node: Node, scope: Scope, depth: int) -> Value:
        parts: list[Value] = []
        for child in node.children:
            kind = child.type
            if kind == "string_fragment":
                part: Value = Str(text(child))
            elif kind == "escape_sequence":
                part = Str(decode_escape(text(child)))
            elif kind == "template_substitution":
                inner = child.named_children
                part = self.value(inner[0] if inner else None, scope, depth)
            else:
                continue
            if isinstance(part, Str) and parts and isinstance(parts[-1], Str):
                parts[-1] = Str(parts[-1].text + part.text)
            else:
                parts.append(part)
        if all(isinstance(part, Str) for part in parts):
            return Str("".join(part.text for part in parts))  # type: ignore[union-attr]
        return Template(tuple(parts))

    def _identifier(self, node: Node, scope: Scope, depth: int) -> Value:
        name = text(node)
        resolved = self.resolve(name, scope, depth)
        return resolved if resolved is not None else Opaque(name)

    def _binary(self, node: Node, scope: Scope, depth: int) -> Value:
        operator = node.child_by_field_name("operator")
        op = operator.type if operator is not None else ""
        left_node, right_node = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op in _ARITH:
            return Arith(op, self.value(left_node, scope, depth), self.value(right_node, scope, depth))
        if op in ("??", "||"):
            return OneOf((self.value(left_node, scope, depth), self.value(right_node, scope, depth)))
        if op == "&&" and left_node is not None:
            # For an interval, whatever falsy value the left side yields means "off".
            return Conditional(_test_text(left_node), self.value(right_node, scope, depth), Bool(False))
        return Opaque(short(node))

    def _unary(self, node: Node, scope: Scope, depth: int) -> Value:
        operator = node.child_by_field_name("operator")
        argument = self.value(node.child_by_field_name("argument"), scope, depth)
        if operator is not None and operator.type == "-":
            return Num(-argument.value) if isinstance(argument, Num) else Arith("-", Num(0), argument)
        if operator is not None and operator.type == "+":
            return argument
        return Opaque(short(node))

    def _ternary(self, node: Node, scope: Scope, depth: int) -> Value:
        condition = node.child_by_field_name("condition")
        return Conditional(
            _test_text(condition) if condition is not None else "",
            self.value(node.child_by_field_name("consequence"), scope, depth),
            self.value(node.child_by_field_name("alternative"), scope, depth),
        )

    def _object(self, node: Node, scope: Scope, depth: int) -> Value:
        entries: list[tuple[str, Value]] = []
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key = child.child_by_field_name("key")
                name = key_name(key) if key is not None else None
                if name is not None:
                    entries.append((name, self.value(child.child_by_field_name("value"), scope, depth)))
            elif kind == "shorthand_property_identifier":
                entries.append((text(child), self._identifier(child, scope, depth)))
            elif kind == "method_definition":
                key = child.child_by_field_name("name")
                name = key_name(key) if key is not None else None
                if name is not None:
                    entries.append((name, Opaque(short(child))))
            elif kind == "spread_element" and child.named_children:
                spread = self.value(child.named_children[0], scope, depth)
                if isinstance(spread, Obj):
                    entries.extend(spread.entries)
                else:  # a wrapper passing its options on: `{ ...options }`, `{ ...(options ?? {}) }`
                    spreads = spread.options if isinstance(spread, OneOf) else (spread,)
                    entries.extend((SPREAD, part) for part in spreads if isinstance(part, Param))
        return Obj(tuple(entries))

    def _call(self, node: Node, scope: Scope, depth: int) -> Value:
        """`ref(5000)`, `computed(() => ms)`: a Vue/Svelte/Solid reactive wrapper holds its value
        (`defineNuxtConfig({...})` too); Nuxt's `useRuntimeConfig()` is the config's `runtimeConfig`."""
        callee, arguments = callee_of(node), node.child_by_field_name("arguments")
        if callee is not None and callee.type == "identifier" and text(callee) == "useRuntimeConfig":
            return Ref(NUXT_CONFIG, "runtimeConfig")
        if callee is None or callee.type != "identifier" or text(callee) not in REACTIVE or arguments is None:
            return Opaque(short(node))
        first = [a for a in arguments.named_children if a.type != "comment"][:1]
        if not first:
            return Opaque(short(node))
        inner = unwrap(first[0])
        if inner.type in FUNCTION_TYPES:
            return self.function_result(inner, scope, depth)
        return self.value(inner, scope, depth)

    def _member(self, node: Node, scope: Scope, depth: int) -> Value:
        prop = member_property(node)
        base_node = node.child_by_field_name("object")
        if prop is None or base_node is None:
            return Opaque(short(node))
        return member_of(self.value(base_node, scope, depth), prop, short(node))


def _lacks(value: Value, prop: str) -> bool:
    """An object literal without `prop` (the `{}` of `options ?? {}`)."""
    return isinstance(value, Obj) and all(key not in (prop, SPREAD) for key, _ in value.entries)


def _test_text(node: Node) -> str:
    source = " ".join(text(node).split())
    return source if len(source) <= _TEST_TEXT else source[: _TEST_TEXT - 1] + "…"


def _returns(body: Node) -> list[Node]:
    """The `return` statements of a function body, not those of nested functions."""
    found: list[Node] = []
    stack = list(reversed(body.named_children))
    while stack:
        node = stack.pop()
        if node.type == "return_statement":
            found.append(node)
        elif node.type not in FUNCTION_TYPES:
            stack.extend(reversed(node.named_children))
    return found
