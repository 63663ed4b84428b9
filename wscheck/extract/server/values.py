"""Values: turn a libcst expression into a symbolic `Value` within its lexical scope."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import libcst as cst

from wscheck.facts import SUPER, Arith, Bool, Instance, Message, Num, OneOf, Opaque, Param, Ref, Str, Template, Value

JSON_DUMPS = frozenset({"dumps"})  # json.dumps, orjson.dumps, ujson.dumps, dumps
MODEL_DUMPS = frozenset({"model_dump", "model_dump_json", "dict", "json", "to_dict"})  # msg.model_dump()
AS_DICT = frozenset({"asdict", "jsonable_encoder", "to_jsonable_python"})  # asdict(msg)
MAX_TEXT = 60
MAX_VALUE_DEPTH = 60
# a printf-style conversion in a string's text (`%s`, `%05.2f`, `%%`); `%(name)s` takes a mapping
_PERCENT = re.compile(r"%(\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")


def short(node: cst.CSTNode) -> str:
    text = cst.Module(body=[]).code_for_node(node).strip().replace("\n", " ")
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def dotted(node: cst.BaseExpression) -> list[str] | None:
    """`a.b.c` -> ["a", "b", "c"]; None for anything that is not a plain name chain."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return parts[::-1]
    return None


def argument(call: cst.Call, index: int, *keywords: str) -> cst.BaseExpression | None:
    """The argument at position `index`, or passed by one of `keywords`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in keywords:
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    return positional[index] if index < len(positional) else None


def called_name(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


@dataclass
class Scope:
    """What a name means at one point: module names, the enclosing class and function."""

    module: str
    type_keys: tuple[str, ...]
    imports: dict[str, Ref]
    module_names: set[str]
    class_name: str | None = None
    function: str | None = None  # qualname "mod:Class.fn"
    params: frozenset[str] = frozenset()
    locals: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    local_types: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)  # "msg\0type" -> exprs
    nested: frozenset[str] = frozenset()  # functions defined inside this one
    _active: set[str] = field(default_factory=set)
    _depth: int = 0

    def name(self, name: str) -> Value:
        if name in self.locals and name not in self._active:
            self._active.add(name)
            try:
                options = [self.value(expr) for expr in self.locals[name]]
                typed = [e for k in self.type_keys for e in self.local_types.get(f"{name}\0{k}", ())]
                if typed:  # msg["type"] = X after msg = {...}
                    type_value = _one([self.value(expr) for expr in typed])
                    options = [Message(type_value) if isinstance(o, Message) else o for o in options]
            finally:
                self._active.discard(name)
            if name in self.params:
                options.append(Param(self.function or "", name))
            return _one(options)
        if name in self.params:
            return Param(self.function or "", name)
        if name in self.nested and self.function:
            return Ref(self.module, f"{self.function.split(':', 1)[1]}.{name}")
        if name in self.imports:
            return self.imports[name]
        if name in self.module_names:
            return Ref(self.module, name)
        if name in ("True", "False"):
            return Bool(name == "True")
        return Opaque(name)

    def chain(self, parts: list[str]) -> Value:
        head, rest = parts[0], parts[1:]
        if head in ("self", "cls") and self.class_name and rest:
            return Ref(self.module, ".".join([self.class_name, *rest]))
        if head in self.locals or head in self.params:
            return Opaque(".".join(parts))
        if head in self.imports:
            target = self.imports[head]
            return Ref(target.module, ".".join(p for p in (target.name, *rest) if p))
        if head in self.module_names:
            return Ref(self.module, ".".join(parts))
        return Opaque(".".join(parts))

    def value(self, node: cst.BaseExpression) -> Value:
        if self._depth > MAX_VALUE_DEPTH:  # `"a" + "a" + ...` four hundred times
            return Opaque("…")
        self._depth += 1
        try:
            return _to_value(node, self)
        finally:
            self._depth -= 1


def _one(options: list[Value]) -> Value:
    unique = list(dict.fromkeys(options))
    return unique[0] if len(unique) == 1 else OneOf(tuple(unique))


def _to_value(node: cst.BaseExpression, scope: Scope) -> Value:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        evaluated = node.evaluated_value
        return Str(evaluated) if isinstance(evaluated, str) else Opaque(short(node))
    if isinstance(node, (cst.Integer, cst.Float)):
        try:
            number = float(node.evaluated_value)
        except (OverflowError, ValueError):
            return Opaque(short(node))
        return Num(number) if math.isfinite(number) else Opaque(short(node))
    if isinstance(node, cst.Name):
        return scope.name(node.value)
    if isinstance(node, cst.Attribute):
        parts = dotted(node)
        return scope.chain(parts) if parts else Opaque(short(node))
    if isinstance(node, cst.Dict):
        return _dict_value(node, scope)
    if isinstance(node, cst.FormattedString):
        return _fstring_value(node, scope)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return Arith("+", scope.value(node.left), scope.value(node.right))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        return _percent_value(node, scope)
    if isinstance(node, cst.IfExp):
        return _one([scope.value(node.body), scope.value(node.orelse)])
    if isinstance(node, cst.Call):
        return _call_value(node, scope)
    return Opaque(short(node))


def _dict_value(node: cst.Dict, scope: Scope) -> Value:
    type_value: Value | None = None
    for element in node.elements:
        if isinstance(element, cst.DictElement) and isinstance(element.key, (cst.SimpleString, cst.ConcatenatedString)):
            if element.key.evaluated_value in scope.type_keys and type_value is None:
                type_value = scope.value(element.value)
        elif isinstance(element, cst.StarredDictElement) and type_value is None:
            spread = scope.value(element.value)
            if isinstance(spread, Message):
                type_value = spread.type
    return Message(type_value)


def _fstring_value(node: cst.FormattedString, scope: Scope) -> Value:
    parts: list[Value] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            parts.append(Str(part.value))
        elif isinstance(part, cst.FormattedStringExpression):
            parts.append(scope.value(part.expression))
    return Template(tuple(parts))


def _percent_value(node: cst.BinaryOperation, scope: Scope) -> Value:
    """`"/api/kernels/%s/channels" % KERNEL_ID` and `"%s_update" % kind`: a template, as an
    f-string would be; a mapping (`%(name)s`) or a count that does not fit is not read."""
    text = node.left.evaluated_value if isinstance(node.left, (cst.SimpleString, cst.ConcatenatedString)) else None
    if not isinstance(text, str) or any(isinstance(e, cst.StarredElement) for e in getattr(node.right, "elements", ())):
        return Opaque(short(node))
    given = [e.value for e in node.right.elements] if isinstance(node.right, cst.Tuple) else [node.right]
    parts: list[Value] = []
    start = 0
    for match in _PERCENT.finditer(text):
        parts.append(Str(text[start : match.start()]))
        start = match.end()
        if match.group(2) == "%":
            parts.append(Str("%"))
        elif match.group(1) is not None or not given:
            return Opaque(short(node))
        else:
            parts.append(scope.value(given.pop(0)))
    if given:
        return Opaque(short(node))
    parts.append(Str(text[start:]))
    return Template(tuple(p for p in parts if p != Str("")))


def _call_value(node: cst.Call, scope: Scope) -> Value:
    name = called_name(node)
    positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
    if name in JSON_DUMPS and positional:
        return scope.value(positional[0])
    if name in MODEL_DUMPS and isinstance(node.func, cst.Attribute) and not positional:
        return scope.value(node.func.value)
    if name in AS_DICT and len(positional) == 1:
        return scope.value(positional[0])
    if name == "str" and len(positional) == 1:
        return scope.value(positional[0])
    if name == "dict" and isinstance(node.func, cst.Name):
        type_value = None
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in scope.type_keys:
                type_value = scope.value(arg.value)
        return Message(type_value)
    if name == "auto" and not node.args:
        return Opaque("auto()")
    callee = callee_of(scope, node.func)
    if isinstance(callee, Ref):  # maybe a message model: the model decides in the project index
        keywords = tuple((a.keyword.value, scope.value(a.value)) for a in node.args if a.keyword is not None)
        return Instance(callee, keywords)
    return Opaque(short(node))


def callee_of(scope: Scope, func: cst.BaseExpression) -> Value | None:
    """What a call's function names: a module function, a method, an import, a nested def."""
    parts = dotted(func)
    if not parts and isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call) and scope.class_name:
        if called_name(func.value) == "super" and isinstance(func.value.func, cst.Name):  # `super().connect()`
            return Ref(scope.module, f"{scope.class_name}.{SUPER}.{func.attr.value}")
    if not parts and isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
        # `WebSocketHandler(hass, request).async_handle()`: that class's method
        cls = callee_of(scope, func.value.func)
        if isinstance(cls, Ref) and cls.name.rsplit(".", 1)[-1][:1].isupper():
            return Ref(cls.module, f"{cls.name}.{func.attr.value}")
    if not parts:
        return None
    if len(parts) > 1 and parts[0] in scope.locals and parts[0] not in scope.params:
        # `watcher = DeploymentWatcher(hub)`, then `watcher.start()`: that class's method
        bound = scope.name(parts[0])
        if isinstance(bound, Instance) and isinstance(bound.cls, Ref) and bound.cls.name.rsplit(".", 1)[-1][:1].isupper():
            return Ref(bound.cls.module, ".".join([bound.cls.name, *parts[1:]]))
    return scope.chain(parts) if len(parts) > 1 else scope.name(parts[0])


def literal_values(annotation: cst.BaseExpression) -> Value | None:
    """`Literal["a"]` -> Str("a"); `Literal["a", "b"]` -> OneOf; anything else -> None."""
    if not isinstance(annotation, cst.Subscript) or (dotted(annotation.value) or [""])[-1] != "Literal":
        return None
    options: list[Value] = []
    for element in annotation.slice:
        index = element.slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
            text = index.value.evaluated_value
            if isinstance(text, str):
                options.append(Str(text))
    return _one(options) if options else None
