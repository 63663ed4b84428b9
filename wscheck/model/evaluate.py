"""Evaluate: reduce a symbolic Value to what it can be, given a way to look up names.

Both languages share this; each supplies its own `lookup` for `Ref`s. The result is a
short list of outcomes, because a value can be one of several (`a if c else b`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product
from typing import Callable, Union

from wscheck.facts import (
    Arith,
    Bool,
    Conditional,
    Glob,
    Instance,
    Message,
    Num,
    Obj,
    OneOf,
    Opaque,
    Param,
    Ref,
    Str,
    Template,
    Value,
)

MAX_DEPTH = 16
MAX_OUTCOMES = 16
NULLISH = frozenset({"None", "null", "undefined"})  # falsy: `refetchInterval: undefined` does not poll


@dataclass(frozen=True)
class Pending:
    """Depends on a parameter: known only at the function's call sites."""

    param: Param


@dataclass(frozen=True)
class Unresolved:
    reason: str


Outcome = Union[Str, Num, Bool, Glob, Message, Obj, Pending, Unresolved]
Lookup = Callable[["Ref | Instance", int], "list[Outcome]"]  # each language resolves its own names


def evaluate(value: Value | None, lookup: Lookup, depth: int = 0) -> list[Outcome]:
    if value is None:
        return [Unresolved("no value")]
    if depth > MAX_DEPTH:
        return [Unresolved("too many indirections")]
    if isinstance(value, (Str, Num, Bool, Glob, Message, Obj)):
        return [value]
    if isinstance(value, (Ref, Instance)):
        return lookup(value, depth + 1)
    if isinstance(value, Param):
        return [Pending(value)]
    if isinstance(value, OneOf):
        return _dedupe([o for option in value.options for o in evaluate(option, lookup, depth + 1)])
    if isinstance(value, Conditional):
        return _dedupe(evaluate(value.then, lookup, depth + 1) + evaluate(value.otherwise, lookup, depth + 1))
    if isinstance(value, Template):
        return _concat([evaluate(part, lookup, depth + 1) for part in value.parts])
    if isinstance(value, Arith):
        return _arith(value.op, evaluate(value.left, lookup, depth + 1), evaluate(value.right, lookup, depth + 1))
    if isinstance(value, Opaque):
        if value.text in NULLISH:
            return [Bool(False)]
        return [Unresolved(f"`{' '.join(value.text.split())}` is not a constant")]  # a multi-line call on one line
    return [Unresolved("unsupported value")]


def _dedupe(outcomes: list[Outcome]) -> list[Outcome]:
    return list(dict.fromkeys(outcomes))[:MAX_OUTCOMES]


def _text(outcome: Outcome) -> tuple[str, bool] | None:
    """(text, exact) for string-ish outcomes; numbers print as JavaScript would."""
    if isinstance(outcome, Str):
        return outcome.text, True
    if isinstance(outcome, Glob):
        return outcome.pattern, False
    if isinstance(outcome, Num):
        number = outcome.value
        if not math.isfinite(number):
            return None
        return (str(int(number)) if number == int(number) else str(number)), True
    return None


def _concat(parts: list[list[Outcome]]) -> list[Outcome]:
    results: list[Outcome] = []
    for combination in list(product(*parts))[:MAX_OUTCOMES]:
        pieces: list[str] = []
        exact = True
        for outcome in combination:
            text = _text(outcome)
            if text is None:
                if isinstance(outcome, Pending) and len(combination) == 1:
                    return [outcome]
                pieces.append("*")
                exact = False
            else:
                pieces.append(text[0])
                exact = exact and text[1]
        joined = "".join(pieces)
        if exact:
            results.append(Str(joined))
        elif joined.replace("*", ""):
            results.append(Glob(_squash(joined)))
        else:
            results.append(Unresolved("no constant part"))
    return _dedupe(results)


def _squash(pattern: str) -> str:
    while "**" in pattern:
        pattern = pattern.replace("**", "*")
    return pattern


def _arith(op: str, left: list[Outcome], right: list[Outcome]) -> list[Outcome]:
    results: list[Outcome] = []
    for a, b in list(product(left, right))[:MAX_OUTCOMES]:
        if isinstance(a, Num) and isinstance(b, Num):
            results.append(_number(op, a.value, b.value))
        elif op == "+" and (_text(a) or _text(b)):
            results.extend(_concat([[a], [b]]))
        elif isinstance(a, (Pending, Unresolved)):
            results.append(a)
        elif isinstance(b, (Pending, Unresolved)):
            results.append(b)
        else:
            results.append(Unresolved(f"cannot compute {op}"))
    return _dedupe(results)


def _number(op: str, a: float, b: float) -> Outcome:
    if op == "+":
        return Num(a + b)
    if op == "-":
        return Num(a - b)
    if op == "*":
        return Num(a * b)
    if op == "/":
        return Num(a / b) if b else Unresolved("division by zero")
    return Unresolved(f"unsupported operator {op}")


def substitute(value: Value, bindings: dict[Param, Value]) -> Value:
    """Replace a callee's parameters by the caller's arguments."""
    if not bindings:
        return value
    if isinstance(value, Param):
        return bindings.get(value, value)
    if isinstance(value, Message):
        return Message(substitute(value.type, bindings) if value.type is not None else None)
    if isinstance(value, OneOf):
        return OneOf(tuple(substitute(o, bindings) for o in value.options))
    if isinstance(value, Template):
        return Template(tuple(substitute(p, bindings) for p in value.parts))
    if isinstance(value, Arith):
        return Arith(value.op, substitute(value.left, bindings), substitute(value.right, bindings))
    if isinstance(value, Conditional):
        return Conditional(value.test, substitute(value.then, bindings), substitute(value.otherwise, bindings))
    if isinstance(value, Obj):
        return Obj(tuple((k, substitute(v, bindings)) for k, v in value.entries))
    if isinstance(value, Instance):
        return Instance(value.cls, tuple((k, substitute(v, bindings)) for k, v in value.kwargs))
    return value
