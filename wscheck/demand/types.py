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
from typing import Callable
from itertools import product
from dataclasses import dataclass, field

from wscheck.facts import PAYLOAD_KEYWORDS, EmitKind, Framework, Function, HandlerRole, Instance, LoopKind, Message, OneOf, Param, PythonFacts, Ref, Str, Template, iter_values
from wscheck.resolution import bound_arguments, params_at
from wscheck.values import Conditional, Value

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*\Z")
_TYPE_LIKE = re.compile(r"[A-Za-z_][\w.:/-]{0,63}\Z")  # `status_update`, `chat.message`; not prose, not "?"
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
    type_keys: tuple[str, ...],
    client_types: frozenset[str] = frozenset(),
    control_types: frozenset[str] = frozenset(),
) -> Tokens:
    """The words for the types endpoints send as initial data (what WS101 asks a broadcast
    of): the values at a message-type position (`{"type": ...}`, `type=`, a Socket.IO event
    name, a model's class) of the sends outside loops that are not replies, in the handlers
    and the helpers they hand the socket to; through a helper's parameter that reaches such
    a position, the value its callers hand it. Plus the types the client handles. Not every
    literal near a socket: in a large app the arguments handed along with it (`"api_key"`,
    `route_type="_arealtime"`) name half the code base. Control types (`error`, `pong`)
    need no broadcast, so nothing is looked for on their account."""
    tokens = Tokens(client={t for t in client_types if _TYPE_LIKE.match(t)})
    ignored = _NOT_NAMES | set(type_keys)
    found, annotated = _at_type_positions(facts, set(type_keys))
    tokens.literals |= annotated
    for value in found:
        _collect_type(tokens, value, ignored)
    tokens.literals -= control_types
    for module in facts:  # one step of resolution: the constants referred to, and those holding a literal
        for symbol in module.symbols:
            if isinstance(symbol.value, Str):
                if symbol.name in tokens.refs and symbol.value.text not in control_types:
                    tokens.literals.add(symbol.value.text)
                elif symbol.value.text in tokens.literals:
                    tokens.names |= {p for p in symbol.name.split(".") if _searchable(p)} - ignored
    tokens.names |= {text.upper() for text in tokens.literals if _IDENTIFIER.match(text)}  # StrEnum auto()
    tokens.literals |= consumer_event_types(facts) - control_types
    return tokens


def _at_type_positions(facts: list[PythonFacts], keys: set[str]) -> tuple[list[Value], set[str]]:
    """(the values at a message-type position of the initial sends, and the types annotated
    on them): in the handlers and the helpers they hand the socket to, and, through a
    helper's parameter that reaches such a position, the values its callers hand it."""
    functions = socket_functions(facts, initial_only=True)
    positions: dict[str, dict[str, bool]] = {}  # function -> parameter -> whether it holds a whole payload
    found: list[Value] = []
    annotated: set[str] = set()

    def place(function: Function, value: Value, payload: bool) -> None:
        for inner, whole in (_payload_types(value, keys) if payload else [(value, False)]):
            if isinstance(inner, Param) and inner.function == function.qualname:
                positions.setdefault(function.qualname, {})[inner.name] = whole
            else:
                found.append(inner)

    for function in functions:
        for emit in function.emits:
            if emit.kind is EmitKind.SEND and emit.loop is LoopKind.NONE and not emit.reply:
                for value, payload in _send_positions(emit, keys):
                    place(function, value, payload)
                annotated |= {t for t in emit.annotated_types if _TYPE_LIKE.match(t)}
    _hand_ons(functions, positions, place)
    return found, annotated


def _hand_ons(functions: list[Function], positions: dict[str, dict[str, bool]], place: Callable[[Function, Value, bool], None]) -> None:
    """What the callers hand to the parameters in `positions`, placed in turn: a caller's own
    parameter may be what it hands on, so until nothing new is handed."""
    by_name: dict[str, list[Function]] = {}
    for function in functions:
        by_name.setdefault(function.name, []).append(function)
    handed: set[tuple] = set()  # (caller, call site, callee, parameter) already followed
    grew = True
    while grew:
        grew = False
        for function in functions:
            for call in function.calls:
                if call.loop is not LoopKind.NONE:
                    continue
                for callee in by_name.get(call.name, ()):
                    for param, payload in list(positions.get(callee.qualname, {}).items()):
                        value = bound_arguments(call, callee).get(param)
                        key = (function.qualname, call.location, callee.qualname, param)
                        if value is None or key in handed:
                            continue
                        handed.add(key)
                        place(function, value, payload)
                        grew = True


MAX_DOTTED = 3  # a handler name with more underscores is looked for in its usual spellings only


def consumer_event_types(facts: list[PythonFacts]) -> set[str]:
    """The `group_send` types that reach the handler methods of the Channels consumers read so
    far: Channels calls `order_update` for the type `order.update` (or `order_update`), so a
    signal receiver or task that broadcasts to a consumer names neither the type the
    consumer sends nor its method exactly. Every spelling a handler name allows."""
    consumers = {(h.handler.module, h.handler.name) for m in facts for h in m.handshakes if h.framework is Framework.CHANNELS}
    consumers |= {
        (m.module, c.name) for m in facts for c in m.classes
        if any(isinstance(b, Ref) and b.name.rsplit(".", 1)[-1].endswith("Consumer") for b in c.bases)
    }
    found: set[str] = set()
    for module in facts:
        for function in module.functions:
            owner, _, name = function.qualname.split(":", 1)[1].rpartition(".")
            if (module.module, owner) not in consumers or function.role is not None or name.startswith("_") or len(function.params) != 2:
                continue
            found |= _spellings(name)
    return found


def _spellings(name: str) -> set[str]:
    """`order_update` -> `order_update`, `order.update`; each underscore may have been a dot."""
    parts = name.split("_")
    if len(parts) - 1 > MAX_DOTTED:
        return {name, name.replace("_", ".", 1), name.replace("_", ".")}
    return {parts[0] + "".join(s + p for s, p in zip(seps, parts[1:])) for seps in product("_.", repeat=len(parts) - 1)}


def _send_positions(emit, keys: set[str]):
    """(value, whether it is a whole payload) for the arguments of a send that may hold its
    type, as model.server.message_types reads them."""
    if emit.named_event:  # Socket.IO `emit("status_update", data)`: the event name is the type
        yield from ((v, False) for v in [*emit.args[:1], *(v for k, v in emit.kwargs if k == "event")])
        yield from ((v, True) for v in [*emit.args[1:2], *(v for k, v in emit.kwargs if k in PAYLOAD_KEYWORDS)])
        return
    yield from ((v, True) for v in [*emit.args[:1], *(v for k, v in emit.kwargs if k in PAYLOAD_KEYWORDS)])
    yield from ((v, False) for k, v in emit.kwargs if k in keys)


def _payload_types(value, keys: set[str]):
    """(value, whether it is a whole payload) for what in a payload may name its type: a
    message's type-key value, a model's class and type-key arguments, a constant that may
    hold a message; a parameter stands for the payload its callers hand over."""
    if isinstance(value, Message):
        if value.type is not None:
            yield value.type, False
    elif isinstance(value, Instance):
        yield value.cls, False
        yield from ((v, False) for k, v in value.kwargs if k in keys)
    elif isinstance(value, (OneOf, Conditional)):
        for option in (value.options if isinstance(value, OneOf) else (value.then, value.otherwise)):
            yield from _payload_types(option, keys)
    elif isinstance(value, (Ref, Param)):
        yield value, True


_SOCKET_PARAM = re.compile(r"(?i)(web)?socket|ws|conn(ection)?|client|channel")


def socket_functions(facts: list[PythonFacts], initial_only: bool = False) -> list[Function]:
    """Endpoint handlers (functions, or the methods of an endpoint class) and the functions
    the socket is handed to, following the very parameter that receives it (by name: the
    definitions may be in files not extracted yet). Not everything a handler calls: in a
    large app that is most of the app. `initial_only`: only what runs once per connection,
    before any loop (not per-message handlers, not calls inside loops)."""
    by_name: dict[str, list[Function]] = {}
    for module in facts:
        for function in module.functions:
            by_name.setdefault(function.name, []).append(function)
    # dotted and matched by suffix, so that `consumers.ChatConsumer` seen from `from chat import
    # consumers` meets `server.chat.consumers:ChatConsumer` (as the model's ModuleNames does);
    # Socket.IO handlers registered by call (`sio.on("connect", handler)`) count as handlers
    handlers = {
        f"{ref.module}.{ref.name}" for m in facts for e in m.endpoints
        for ref in (e.handler, *e.entries, *(() if initial_only else e.receivers)) if isinstance(ref, Ref)
    }

    def handles(dotted: str) -> bool:  # it, or a dotted suffix of it, is a handler
        while dotted not in handlers:
            dot = dotted.find(".")
            if dot < 0:
                return False
            dotted = dotted[dot + 1 :]
        return True

    pending: list[tuple[Function, frozenset[str]]] = []
    for module in facts:
        for function in module.functions:
            dotted = function.qualname.replace(":", ".")
            if handles(dotted):
                named = frozenset(p for p in function.params if _SOCKET_PARAM.fullmatch(p))
                pending.append((function, named or frozenset(function.params)))  # `async def feed(w: WebSocket)`
            elif handles(dotted.rsplit(".", 1)[0]) and not (initial_only and function.role is HandlerRole.MESSAGE):
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
            if initial_only and call.loop is not LoopKind.NONE:
                continue
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


def holds_param(value, params) -> bool:
    """Whether a value holds one of the named parameters."""
    return any(isinstance(v, Param) and v.name in params for v in iter_values(value))


def _collect_type(tokens: Tokens, value, ignored: set[str]) -> None:
    """The words of a value at a type position: its literals, the names of the constants,
    enum members and models it refers to."""
    for inner in iter_values(value):
        if isinstance(inner, Str) and _TYPE_LIKE.match(inner.text):
            tokens.literals.add(inner.text)
        elif isinstance(inner, Ref):
            parts = [p for p in inner.name.split(".") if p]
            while parts and parts[-1] in ("value", "name"):
                parts.pop()
            tokens.names |= {p for p in parts if _searchable(p)} - ignored
            tokens.refs.add(".".join(parts))


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
