"""Server demand, pub/sub: the channels, groups and rooms the code subscribes to, and the
modules defining the constants that name them."""

from __future__ import annotations

from wscheck.demand.routing import module_of
from wscheck.demand.types import Tokens
from wscheck.discovery import SourceFile
from wscheck.facts import PythonFacts, Ref, Str, iter_values
from wscheck.modules import ModuleNames
from wscheck.search import Search


def subscribed_channels(facts: list[PythonFacts]) -> tuple[set[str], set[str]]:
    """(literals, constant names) of the pub/sub channels, groups and rooms the code
    subscribes to (`subscribe(channel="chat")`, `psubscribe("orders.*")`,
    `subscribe(ORDERS_CHANNEL)`, `group_add("lobby", ...)`, `enter_room(sid, "alerts")`)."""
    literals: set[str] = set()
    names: set[str] = set()
    for module in facts:
        for function in module.functions:
            for call in function.calls:
                if call.joins is not None:  # a Channels group or a Socket.IO room joined
                    values = [call.joins]
                elif call.name in ("subscribe", "psubscribe"):
                    values = [*call.args, *(v for _, v in call.kwargs)]
                else:
                    continue
                for value in values:
                    for part in iter_values(value):
                        if isinstance(part, Str) and part.text.strip():
                            literals.add(part.text)
                        elif isinstance(part, Ref):
                            names.add(part.name.rsplit(".", 1)[-1])
    return literals, names


def longest_word(text: str) -> bytes:
    """`orders.*` -> `orders`; `room:` -> `room`: a word a publishing file spells out."""
    pieces = "".join(c if c.isalnum() or c == "_" else " " for c in text).split()
    longest = max(pieces, key=len, default="")
    return longest.encode() if len(longest) >= 3 else b""


def channel_constant_modules(facts: list[PythonFacts], finder: ModuleNames) -> set[str]:
    """The modules defining the constants a subscription or a publish names its channel by
    (`pubsub.subscribe(ORDERS_CHANNEL)`): without them no channel could be compared."""
    found: set[str] = set()
    for module in facts:
        for function in module.functions:
            sites = [c for c in function.calls if c.name in ("subscribe", "psubscribe")]
            sites += [e for e in function.emits if e.channel_first]
            for site in sites:
                for value in [*site.args[:1], *(v for k, v in site.kwargs if k in ("channel", "group", "topic"))]:
                    for part in iter_values(value):
                        located = module_of(part, module.module, finder) if isinstance(part, Ref) else None
                        if located is not None and located[0] != module.module:
                            found.add(located[0])
    return found


def channel_words(facts: list[PythonFacts], search: Search[SourceFile], files: list[SourceFile], looked_up: set[str], named: set[str]) -> list[bytes]:
    """The words a file publishing to a subscribed channel holds: the channel's literal (its
    longest word), the constant naming it in the subscriber, or a constant bound to the same
    literal elsewhere (`CHAT = "chatroom"`), looked up once per literal: `looked_up` (the
    literals) and `named` (the constants found) grow with what this lookup finds."""
    literals, names = subscribed_channels(facts)
    new = Tokens(literals - looked_up)
    if new.literals:
        for file in search.naming(files, new.literal_words()):
            named |= new.defined_names(search.read(file))
        looked_up |= new.literals
    return sorted({longest_word(t) for t in literals} - {b""} | {n.encode() for n in names | named})
