"""Server demand, references: the modules that define what the WebSocket code refers to —
route paths, routers and prefixes, the values its sockets send and its broadcasts of a
sent type carry, what a helper carrying one is handed — and the packages that re-export
them on the way."""

from __future__ import annotations

from wscheck.demand.routing import may_lead_to, module_of, route_wrappers, routing_modules
from wscheck.demand.types import Tokens, relevant_broadcast, socket_functions
from wscheck.discovery import SourceFile
from wscheck.facts import EmitKind, Instance, PythonFacts, Ref, iter_values
from wscheck.modules import ModuleNames


def referenced_modules(facts: list[PythonFacts], finder: ModuleNames, hints: set[str], tokens: Tokens) -> set[str]:
    """The modules that define what the WebSocket code refers to: route paths, routers and
    prefixes; the values sent, broadcast or handed to helpers; and, through the constants
    already read, what those constants refer to in turn. Not every import of every file:
    that would be the whole app."""
    by_module = {m.module: m for m in facts}
    sockets = {f.qualname for f in socket_functions(facts)}
    routing = routing_modules(facts, finder)
    wrappers = route_wrappers(facts)
    pending = [(m, ref) for m in facts for ref in _surface_refs(m, hints, tokens, sockets, routing, finder, wrappers)]
    found: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    while pending:
        module, ref = pending.pop()
        if (module.module, ref.module, ref.name) in seen:
            continue
        seen.add((module.module, ref.module, ref.name))
        located = module_of(ref, module.module, finder)
        if located is None:
            continue
        match, name = located
        if match != module.module:
            found.add(match)
        target = by_module.get(match)
        if target is not None and name:  # a constant, class attribute or base read: follow its own references
            pending.extend((target, inner) for inner in _definition_refs(target, name))
    return found


def _surface_refs(
    facts: PythonFacts, hints: set[str], tokens: Tokens, sockets: set[str], routing: set[str], finder: ModuleNames,
    wrappers: set[str] = frozenset(),
):
    """Routes and prefixes on the way to WebSocket routes; what socket code sends; what a
    broadcast of a sent type, or a call of a helper carrying one, is given."""
    values = []
    for endpoint in facts.endpoints:
        values += [endpoint.path, endpoint.router, endpoint.handler, endpoint.mount_prefix]
    if facts.module in routing:
        values += [r.prefix for r in facts.routers]
    for include in facts.includes:
        if may_lead_to(include, facts.module, routing, finder):
            values += [include.parent, include.child, include.prefix]
    for function in facts.functions:
        in_socket_code = function.qualname in sockets
        for site in function.emits:
            if (site.kind is EmitKind.SEND and in_socket_code) or relevant_broadcast(site, tokens):
                values += [*site.args, *(v for _, v in site.kwargs)]
        for site in function.calls:
            if (site.name in hints and (in_socket_code or tokens.named_by(site))) or site.name in wrappers:
                values += [*site.args, *(v for _, v in site.kwargs)]
    for value in values:
        for inner in iter_values(value):
            if isinstance(inner, Ref):
                yield inner
            elif isinstance(inner, Instance) and isinstance(inner.cls, Ref):
                yield inner.cls


def _definition_refs(facts: PythonFacts, name: str):
    """References inside the definition of the dotted `name` in its module's facts."""
    parts = name.split(".")
    while parts and parts[-1] in ("value", "name"):
        parts.pop()
    dotted = ".".join(parts)
    owners = {dotted, dotted.rsplit(".", 1)[0]}
    for symbol in facts.symbols:
        if symbol.name == dotted or symbol.name.startswith(dotted + ".") or symbol.name in owners:
            yield from (v for v in iter_values(symbol.value) if isinstance(v, Ref))
    for cls in facts.classes:
        if cls.name in owners:
            yield from (b for b in cls.bases if isinstance(b, Ref))
    for alias, target in facts.imports:  # re-exported: `from .events import EventType`
        if parts and alias == parts[0]:
            yield Ref(target.module, ".".join(p for p in (target.name, *parts[1:]) if p))


def reexporting_packages(facts: list[PythonFacts], finder: ModuleNames, by_module: dict[str, SourceFile]) -> set[str]:
    """Packages whose `__init__.py` a call goes through (`from app.realtime import notify`):
    re-export hubs, usually a few imports, needed to find the helper's real module."""
    found: set[str] = set()
    for module_facts in facts:
        for function in module_facts.functions:
            for call in function.calls:
                if isinstance(call.target, Ref) and call.target.module != module_facts.module:
                    match = finder.find(call.target.module, module_facts.module)
                    if match is not None and by_module[match].path.endswith("__init__.py"):
                        found.add(match)
    return found
