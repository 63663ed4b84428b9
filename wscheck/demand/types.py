"""Types the sockets carry, as words to look for in files not parsed yet.

What the endpoints send (and what is passed to helpers that send or broadcast) is read
off the facts extracted so far, roughly: string literals, and the names of constants,
enum members and models they refer to. A file is worth parsing for its broadcasts when
its bytes hold one of them — the literal in quotes, a literal's part that an f-string
broadcast would write (`_update"`), or one of the names as a whole word. The model does
the exact resolution later; this only has to find every file that could matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wscheck.facts import EmitKind, Instance, PythonFacts, Ref, Str, Template, iter_values

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*\Z")
_SEPARATORS = "_-.:/"
_NOT_NAMES = frozenset({"value", "name", "self", "cls"})
_DEFINITION_LEAD = b"=[(,"  # `NAME = "x"`, `Literal["x"]`, `Field("x")`, `Literal["a", "x"]`


@dataclass
class Tokens:
    literals: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def literal_words(self) -> set[bytes]:
        return {q + text.encode() + q for text in self.literals for q in (b'"', b"'")}

    def partial_words(self) -> set[bytes]:
        """Pieces an f-string or a concatenation writes: `_update"` and `"system_`."""
        found: set[bytes] = set()
        for text in self.literals:
            for i, char in enumerate(text):
                if char in _SEPARATORS and 0 < i < len(text) - 1:
                    found |= {text[i:].encode() + q for q in (b'"', b"'")}
                    found |= {q + text[: i + 1].encode() for q in (b'"', b"'")}
        return found

    def words(self) -> set[bytes]:
        return self.literal_words() | self.partial_words() | {n.encode() for n in self.names}

    def named_by(self, site) -> bool:
        """Whether a call's arguments name one of the types."""
        for value in (*site.args, *(v for _, v in site.kwargs)):
            for inner in iter_values(value):
                if isinstance(inner, Str) and inner.text in self.literals:
                    return True
                if isinstance(inner, Ref) and set(inner.name.split(".")) & self.names:
                    return True
        return False

    def defined_in(self, data: bytes) -> bool:
        """Whether a literal is bound to a name here (`STATUS = "status_update"`)."""
        for word in self.literal_words():
            start = data.find(word)
            while start >= 0:
                before = data[:start].rstrip(b" \t")
                if before[-1:] and before[-1:] in _DEFINITION_LEAD:
                    return True
                start = data.find(word, start + 1)
        return False


def type_tokens(facts: list[PythonFacts], hints: set[str], client_types: frozenset[str] = frozenset()) -> Tokens:
    tokens = Tokens(set(client_types))
    for module in facts:
        for function in module.functions:
            for emit in function.emits:
                if emit.kind is EmitKind.SEND:
                    _collect(tokens, emit)
            for call in function.calls:
                if call.name in hints:
                    _collect(tokens, call)
    for module in facts:  # one step of resolution: constants naming a literal, literals a constant names
        for symbol in module.symbols:
            if isinstance(symbol.value, Str):
                parts = symbol.name.split(".")
                if symbol.value.text in tokens.literals:
                    tokens.names |= set(parts)
                elif parts[-1] in tokens.names:
                    tokens.literals.add(symbol.value.text)
    tokens.names |= {text.upper() for text in tokens.literals if _IDENTIFIER.match(text)}  # StrEnum auto()
    return tokens


def _collect(tokens: Tokens, site) -> None:
    for value in (*site.args, *(v for _, v in site.kwargs)):
        for inner in iter_values(value):
            if isinstance(inner, Str) and inner.text:
                tokens.literals.add(inner.text)
            elif isinstance(inner, Ref):
                tokens.names |= {p for p in inner.name.split(".") if p and p not in _NOT_NAMES}
            elif isinstance(inner, Instance) and isinstance(inner.cls, Ref):
                tokens.names.add(inner.cls.name.rsplit(".", 1)[-1])
    tokens.literals |= set(site.annotated_types)


def relevant_broadcast(emit, tokens: Tokens) -> bool:
    """A broadcast whose values name a type the sockets carry (or any, when unsure)."""
    if emit.kind is not EmitKind.BROADCAST:
        return False
    if set(emit.annotated_types) & tokens.literals:
        return True
    for value in (*emit.args, *(v for _, v in emit.kwargs)):
        for inner in iter_values(value):
            if isinstance(inner, Str) and inner.text in tokens.literals:
                return True
            if isinstance(inner, Template):
                return True  # an f-string type: it may cover one of them
            if isinstance(inner, Ref) and set(inner.name.split(".")) & tokens.names:
                return True
            if isinstance(inner, Instance) and isinstance(inner.cls, Ref) and inner.cls.name.rsplit(".", 1)[-1] in tokens.names:
                return True
    return False
