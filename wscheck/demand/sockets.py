"""Socket classes by name: the files that name one may route it (a Tornado route table),
and the files that call one of its sending methods may broadcast through it.

A handler class's routes are often written in a module that only imports it (`routes.py`:
`HANDLERS = [(r"/ws/chat", ChatSocketHandler)]`), with no word of WebSocket code in it;
that module is found by the class's name. A class deriving from a socket class in another
module is one too (the model makes sure, see model.socket_classes); by its base's name here.
A handler that registers itself with a manager is pushed to by a method of its own that
the manager calls on each connection (`for client in clients: client.on_output(text)`);
that manager is found by the method's name.
"""

from __future__ import annotations

from wscheck.demand.loop import closure
from wscheck.discovery import SourceFile
from wscheck.facts import CALLBACK_ROLES, EmitKind, PythonFacts, Ref
from wscheck.search import Search

CALLED_BY_FRAMEWORK = frozenset(name for roles in CALLBACK_ROLES.values() for name in roles)
ROUTING_WORDS = (b"tornado",)  # what a file routing a socket class holds besides its name, where the name is everywhere


class SocketNames:
    """The socket classes and their sending methods known so far, by name, round after round."""

    def __init__(self, files: list[SourceFile], search: Search[SourceFile], rare: int):
        self.files, self.search, self.rare = files, search, rare  # a name in at most `rare` files is followed everywhere
        self.classes: set[str] = set()
        self.senders: set[str] = set()

    def keep_words(self, data: bytes) -> list[str]:
        """What a file's skeleton keeps for them: what names a socket class (a route table, an
        app factory, a subclass), and the calls of their sending methods."""
        return [n for n in self.classes if n.encode() in data] + [w for w in (f"{n}(" for n in self.senders) if w.encode() in data]

    def expand(self, facts: list[PythonFacts]) -> tuple[list[SourceFile], bool]:
        """(the files naming a new socket class or calling a new sending method, whether any is new)."""
        wanted: list[SourceFile] = []
        classes = socket_class_names(facts) - self.classes
        named = self.search.by_word(self.files, {n.encode() for n in classes}) if classes else {}
        for name in sorted(classes):
            found = named.get(name.encode(), [])
            wanted += found if len(found) <= self.rare else self.search.naming(found, ROUTING_WORDS)
        self.classes |= classes
        senders = socket_senders(facts, self.classes) - self.senders
        calling = self.search.by_word(self.files, {n.encode() for n in senders}) if senders else {}
        for name in sorted(senders):
            found = calling.get(name.encode(), [])
            wanted += found if len(found) <= self.rare else []
        self.senders |= senders
        return wanted, bool(classes or senders)


def socket_class_names(facts: list[PythonFacts]) -> set[str]:
    """The short names of the classes with a Handshake and of those deriving from them."""
    seeds: set[str] = set()
    derived: list[tuple[str, set[str]]] = []  # (class, its bases' short names)
    for module in facts:
        classes = {c.name for c in module.classes}
        seeds |= {_short(h.handler.name) for h in module.handshakes if h.handler.name in classes}
        for cls in module.classes:
            bases = {_short(b.name) for b in cls.bases if isinstance(b, Ref) and b.name}
            if bases:
                derived.append((_short(cls.name), bases))
    return closure(seeds, lambda known: {name for name, bases in derived if bases & known})


def socket_senders(facts: list[PythonFacts], classes: set[str]) -> set[str]:
    """The methods of those classes (by short name) that send to their socket, directly or
    through another of their methods; not those the framework itself calls."""
    methods: dict[tuple[str, str], list] = {}  # (class, method) -> the calls it makes
    sending: set[tuple[str, str]] = set()
    for module in facts:
        for function in module.functions:
            owner, _, name = function.qualname.split(":", 1)[1].rpartition(".")
            if function.is_method and _short(owner) in classes:
                key = (_short(owner), name)
                methods[key] = [c.name for c in function.calls]
                if any(e.kind is EmitKind.SEND for e in function.emits):
                    sending.add(key)
    sending = closure(sending, lambda known: {k for k, calls in methods.items() if any((k[0], c) in known for c in calls)})
    return {name for _, name in sending if name not in CALLED_BY_FRAMEWORK and not name.startswith("__")}


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]
