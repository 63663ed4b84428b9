"""Socket classes by name: the files that name one may route it (a Tornado route table).

A handler class's routes are often written in a module that only imports it (`routes.py`:
`HANDLERS = [(r"/ws/chat", ChatSocketHandler)]`), with no word of WebSocket code in it;
that module is found by the class's name. A class deriving from a socket class in another
module is one too (the model makes sure, see model.handshakes); by its base's name here.
"""

from __future__ import annotations

from wscheck.demand.loop import closure
from wscheck.facts import PythonFacts, Ref


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


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]
