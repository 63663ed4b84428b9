"""Socket types: the interfaces and type aliases whose `type: 'T'` fields describe a socket's
messages, by name.

Those a socket module imports, followed name by name through re-exports and barrels to
the module that declares them, and once more through what that module imports
(`WsMessage = OrderEvent | …` with `OrderEvent` from `./orders`). Only the names: a
`postMessage` protocol declared beside a config type the socket module imports is not
the socket's. Types declared in a socket module itself are its own (client_handled).
"""

from __future__ import annotations

from wscheck.facts import Ref
from wscheck.model.client import MAX_DEFINITION_STEPS, ClientIndex

DEPTH = 2  # what a socket module imports -> what the declaring module imports


def build_socket_types(index: ClientIndex, socket_modules: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(module, declared name) of every message-describing type a socket module reaches."""
    found: set[tuple[str, str]] = set()
    importers = sorted(socket_modules)
    for _ in range(DEPTH):
        reached: set[tuple[str, str]] = set()
        for module in importers:
            facts = index.modules.get(module)
            for _local, ref in facts.imports if facts is not None else ():
                reached |= declarations(index, ref)
        importers = sorted({module for module, _ in reached - found})
        found |= reached
    return frozenset(found)


def declarations(index: ClientIndex, ref: Ref) -> set[tuple[str, str]]:
    """Where an imported type is declared with `type:` fields: followed through
    `export { x } from` and into every module a barrel's `export *` names."""
    found: set[tuple[str, str]] = set()
    pending, seen = [ref], set()
    while pending and len(seen) < MAX_DEFINITION_STEPS:
        current = pending.pop()
        facts = index.module(current.module) if current not in seen else None
        seen.add(current)
        if facts is None:
            continue
        head = current.name.split(".")[0]
        target = next((t for local, t in facts.imports if local == head), None)
        if target is not None:
            pending.append(Ref(target.module, target.name))
        elif any(h.container == head for h in facts.handled_types):
            found.add((facts.module, head))
        elif head not in ("default", "*"):
            pending.extend(Ref(star.module, current.name) for star in facts.star_exports)
    return found
