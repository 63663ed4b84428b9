"""Values: the small symbolic algebra facts use for what an expression may be.

Extraction builds it from syntax; the model evaluates it once every file's symbols are
known. Shared by both languages; holds no parser node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Str:
    text: str


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Bool:
    value: bool


@dataclass(frozen=True)
class Glob:
    """A string with unknown parts, e.g. f"{x}_update" -> "*_update"."""

    pattern: str


@dataclass(frozen=True)
class Ref:
    """A name defined in another scope: `module` is a dotted Python module or a client
    module path without extension (POSIX, relative to the scan root); `name` may be
    dotted (`MessageType.STATUS.value`)."""

    module: str
    name: str


@dataclass(frozen=True)
class Param:
    """The value a function's parameter receives at its call sites."""

    function: str  # qualified: "pkg.mod:Class.method" (server) or "path/mod:fn" (client)
    name: str


@dataclass(frozen=True)
class Message:
    """A dict/object literal sent over a socket; `type` is its type-key value, if any."""

    type: "Value | None"


@dataclass(frozen=True)
class Obj:
    """A client object literal (`{url: '/ws', interval: 3000}`), entries by key; a
    parameter spread in (`{ ...options, enabled }`) is an entry keyed `SPREAD`."""

    entries: tuple[tuple[str, "Value"], ...]


SPREAD = "..."


@dataclass(frozen=True)
class OneOf:
    options: tuple["Value", ...]


@dataclass(frozen=True)
class Arith:
    op: str  # + - * /
    left: "Value"
    right: "Value"


@dataclass(frozen=True)
class Conditional:
    """`test ? then : otherwise` — kept whole so fallback polling can be recognised."""

    test: str
    then: "Value"
    otherwise: "Value"


@dataclass(frozen=True)
class Template:
    """A template string `${base}/ws/x`: parts are literal text or values."""

    parts: tuple["Value", ...]


@dataclass(frozen=True)
class Instance:
    """`Model(type="x", ...)`: a call of a project name, maybe a pydantic/dataclass message."""

    cls: "Value"
    kwargs: tuple[tuple[str, "Value"], ...]


@dataclass(frozen=True)
class Opaque:
    """Something static analysis cannot see through; `text` is the source, shortened."""

    text: str


Value = Union[Str, Num, Bool, Glob, Ref, Param, Message, Obj, OneOf, Arith, Conditional, Template, Instance, Opaque]


def iter_values(value: "Value | None"):
    """A value and every value nested in it."""
    if value is None:
        return
    yield value
    if isinstance(value, Message):
        yield from iter_values(value.type)
    elif isinstance(value, Obj):
        for _, entry in value.entries:
            yield from iter_values(entry)
    elif isinstance(value, (OneOf, Template)):
        for part in value.options if isinstance(value, OneOf) else value.parts:
            yield from iter_values(part)
    elif isinstance(value, Arith):
        yield from iter_values(value.left)
        yield from iter_values(value.right)
    elif isinstance(value, Conditional):
        yield from iter_values(value.then)
        yield from iter_values(value.otherwise)
    elif isinstance(value, Instance):
        yield from iter_values(value.cls)
        for _, entry in value.kwargs:
            yield from iter_values(entry)


def contains_param(value: "Value") -> bool:
    return any(isinstance(v, Param) for v in iter_values(value))


