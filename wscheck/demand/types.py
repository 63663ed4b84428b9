"""Types the sockets carry, as words to look for in files not parsed yet.

What the endpoints send (and what is passed to helpers that send or broadcast) is read
off the facts extracted so far, roughly: string literals, and the names of constants,
enum members and models they refer to. A file is worth parsing for its broadcasts when
its bytes hold one of them — the literal in quotes, a literal's part that an f-string
broadcast would write (`_update"`), or one of the names as a whole word. The model does
the exact resolution later; this only has to find every file that could matter.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from wscheck.facts import EmitKind, Function, Instance, Message, OneOf, Param, PythonFacts, Ref, Str, Template, contains_param, iter_values

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*\Z")
_TYPE_LIKE = re.compile(r"[A-Za-z_][\w.:/-]{0,63}\Z")  # `status_update`, `chat.message`; not prose, not "?"
_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]+\Z")  # ALERT_RAISED
_SEPARATORS = "_-.:/"
_NOT_NAMES = frozenset({"value", "name", "self", "cls"})
# `NAME = `, `NAME: str = ` before the literal on its line: the name it binds
_BINDING = re.compile(rb"[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*\Z")


@dataclass
class Tokens:
    literals: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # identifiers: constants, enum members, models
    refs: set[str] = field(default_factory=set)  # the dotted names referred to, to resolve
    client: set[str] = field(default_factory=set)  # types the client handles (only what sends them is looked for)

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
        client = {q + t.encode() + q for t in self.client for q in (b'"', b"'")}
        return self.literal_words() | self.partial_words() | {n.encode() for n in self.names} | client

    def specific_words(self) -> set[bytes]:
        """The words unlikely to appear by chance: `"auth_success"`, `ALERT_RAISED`, not `"event"`."""
        literals = {t for t in self.literals if len(t) >= 10 or any(c in _SEPARATORS for c in t)}
        names = {n for n in self.names if len(n) >= 6 and ("_" in n or not n.islower())}
        return {q + t.encode() + q for t in literals for q in (b'"', b"'")} | {n.encode() for n in names}

    def named_by(self, site) -> bool:
        """Whether a call's arguments name one of the types."""
        return any(self.names_type(value) for value in (*site.args, *(v for _, v in site.kwargs)))

    def is_type(self, value) -> bool:
        """Whether a value is one of the types itself (not a structure holding one)."""
        if isinstance(value, Message):
            value = value.type
        return isinstance(value, (Str, Ref)) and self.names_type(value)

    def names_type(self, value) -> bool:
        """Whether a value names one of the types."""
        for inner in iter_values(value):
            if isinstance(inner, Str) and inner.text in self.literals:
                return True
            if isinstance(inner, Ref) and set(inner.name.split(".")) & self.names:
                return True
        return False

    def defined_names(self, data: bytes) -> set[str]:
        """The names a literal is bound to here (`STATUS_UPDATE: str = "status_update"`,
        an enum member): read off the line, as a word to look for, never as a fact."""
        found: set[str] = set()
        for word in self.literal_words():
            start = data.find(word)
            while start >= 0:
                line_start = data.rfind(b"\n", 0, start) + 1
                binding = _BINDING.match(data[line_start:start])
                if binding and _searchable(name := binding.group(1).decode()):  # not `error_type = "…"`
                    found.add(name)
                start = data.find(word, start + 1)
        return found


def type_tokens(
    facts: list[PythonFacts],
    hints: set[str],
    type_keys: tuple[str, ...],
    client_types: frozenset[str] = frozenset(),
    control_types: frozenset[str] = frozenset(),
) -> Tokens:
    """The words for the types socket code sends: in endpoint handlers and the functions
    they call (by name), their sends and the helpers they hand values to; plus the types
    the client handles. Control types (`error`, `pong`) need no broadcast, so nothing is
    looked for on their account."""
    tokens = Tokens(client={t for t in client_types if _TYPE_LIKE.match(t)})
    ignored = _NOT_NAMES | set(type_keys)
    for function in socket_functions(facts):
        for emit in function.emits:
            if emit.kind is EmitKind.SEND:
                _collect(tokens, emit, ignored)
        for call in function.calls:  # helpers handed the socket (or another parameter), or known carriers
            if not isinstance(call.target, Ref):
                continue  # a method of a local value (`headers.get("Authorization")`) is no project helper
            if call.name in hints or any(contains_param(v) for v in (*call.args, *(v for _, v in call.kwargs))):
                _collect(tokens, call, ignored, constants_only=True)
    tokens.literals -= control_types
    for module in facts:  # one step of resolution: the constants referred to, and those holding a literal
        for symbol in module.symbols:
            if isinstance(symbol.value, Str):
                if symbol.name in tokens.refs and symbol.value.text not in control_types:
                    tokens.literals.add(symbol.value.text)
                elif symbol.value.text in tokens.literals:
                    tokens.names |= {p for p in symbol.name.split(".") if _searchable(p)} - ignored
    tokens.names |= {text.upper() for text in tokens.literals if _IDENTIFIER.match(text)}  # StrEnum auto()
    return tokens


_SOCKET_PARAM = re.compile(r"(?i)(web)?socket|ws|conn(ection)?|client|channel")


def socket_functions(facts: list[PythonFacts]) -> list[Function]:
    """Endpoint handlers (functions, or the methods of an endpoint class) and the functions
    the socket is handed to, following the very parameter that receives it (by name: the
    definitions may be in files not extracted yet). Not everything a handler calls: in a
    large app that is most of the app."""
    by_name: dict[str, list[Function]] = {}
    for module in facts:
        for function in module.functions:
            by_name.setdefault(function.name, []).append(function)
    # dotted and matched by suffix, so that `consumers.ChatConsumer` seen from `from chat import
    # consumers` meets `server.chat.consumers:ChatConsumer` (as the model's ModuleNames does);
    # Socket.IO handlers registered by call (`sio.on("connect", handler)`) count as handlers
    handlers = {
        f"{ref.module}.{ref.name}" for m in facts for e in m.endpoints
        for ref in (e.handler, *e.entries, *e.receivers) if isinstance(ref, Ref)
    }

    def handles(dotted: str) -> bool:
        return any(dotted == h or dotted.endswith("." + h) for h in handlers)

    pending: list[tuple[Function, frozenset[str]]] = []
    for module in facts:
        for function in module.functions:
            dotted = function.qualname.replace(":", ".")
            if handles(dotted):
                named = frozenset(p for p in function.params if _SOCKET_PARAM.fullmatch(p))
                pending.append((function, named or frozenset(function.params)))  # `async def feed(w: WebSocket)`
            elif handles(dotted.rsplit(".", 1)[0]):
                # a method of an endpoint class (a Channels consumer, a Socket.IO namespace): `self` holds it
                pending.append((function, frozenset(function.params)))
    found: dict[str, Function] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        function, sockets = pending.pop()
        if (function.qualname, sockets) in seen:
            continue
        seen.add((function.qualname, sockets))
        found[function.qualname] = function
        for call in function.calls:
            slots = argument_slots(call, lambda v: holds_param(v, sockets))
            for callee in by_name.get(call.name, ()) if slots else ():
                params = params_at(callee, slots)
                if callee.is_method and callee.params:
                    params.add(callee.params[0])  # `self.socket = websocket` elsewhere: the object holds it
                pending.append((callee, frozenset(params)))
    return [found[q] for q in sorted(found)]


def argument_slots(site, carries) -> frozenset:
    """The arguments of a call that carry something: positions and keywords."""
    return frozenset([i for i, v in enumerate(site.args) if carries(v)] + [k for k, v in site.kwargs if carries(v)])


def params_at(fn: Function, slots: frozenset) -> set[str]:
    """The parameter names that receive the given arguments (a method's `self` is bound)."""
    positional = fn.params[1:] if fn.is_method else fn.params
    return {positional[s] if isinstance(s, int) else s for s in slots if isinstance(s, str) or s < len(positional)}


def holds_param(value, params) -> bool:
    """Whether a value holds one of the named parameters."""
    return any(isinstance(v, Param) and v.name in params for v in iter_values(value))


def _collect(tokens: Tokens, site, ignored: set[str], constants_only: bool = False) -> None:
    """A send's payload names its type whatever it is; a helper call only through its
    string literals and constants (`ALERT_RAISED`, `EventType.ALERT`), not every name passed."""
    for value in (*site.args, *(v for _, v in site.kwargs)):
        for inner in _type_values(value, ignored):
            if isinstance(inner, Str) and _TYPE_LIKE.match(inner.text):
                tokens.literals.add(inner.text)
            elif isinstance(inner, Ref):
                parts = [p for p in inner.name.split(".") if p]
                while parts and parts[-1] in ("value", "name"):
                    parts.pop()
                if constants_only and not (parts and _CONSTANT.match(parts[-1])):
                    continue
                # handed to a helper with the socket, only the member names a type
                # (`Providers.OPENAI`: not every file using `Providers`)
                tokens.names |= {p for p in (parts[-1:] if constants_only else parts) if _searchable(p)} - ignored
                tokens.refs.add(".".join(parts))
            elif isinstance(inner, Instance) and isinstance(inner.cls, Ref) and not constants_only:
                tokens.names |= {n for n in inner.cls.name.rsplit(".", 1)[-1:] if _searchable(n)}
    tokens.literals |= {t for t in site.annotated_types if _TYPE_LIKE.match(t)}


def _type_values(value, type_keys: set[str]):
    """The values inside `value` that may be its type: all of them, except that of a call
    (`StatusUpdate(type=..., detail=...)`, `error_event(msg, error_type="server_error")`)
    only the class and its type-key arguments."""
    if isinstance(value, Instance):
        yield value
        yield from iter_values(value.cls)
        for key, entry in value.kwargs:
            if key in type_keys:
                yield from _type_values(entry, type_keys)
        return
    if isinstance(value, OneOf):
        yield value
        for option in value.options:
            yield from _type_values(option, type_keys)
        return
    yield from iter_values(value)


def _searchable(name: str) -> bool:
    """A name worth looking for as a whole word: a constant or enum member (`ALERT_RAISED`)
    or a class (an enum, a model). Not lowercase names: those are attributes, parameters
    and fields found all over an app (`self.user_id`, `call_type`), and a lowercase enum
    member is found through its class's name."""
    return name[:1].isupper()


def _covers(template: Template, literals: set[str]) -> bool:
    pattern = "".join(p.text if isinstance(p, Str) else "*" for p in template.parts)
    return pattern.replace("*", "") != "" and any(fnmatch.fnmatchcase(t, pattern) for t in literals)


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
            if isinstance(inner, Template) and _covers(inner, tokens.literals):
                return True  # an f-string type that may cover one of them
            if isinstance(inner, Ref) and set(inner.name.split(".")) & tokens.names:
                return True
            if isinstance(inner, Instance) and isinstance(inner.cls, Ref) and inner.cls.name.rsplit(".", 1)[-1] in tokens.names:
                return True
    return False
