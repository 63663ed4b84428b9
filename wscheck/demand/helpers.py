"""Server demand, helpers: the project functions a sent type goes through on its way to a
broadcast — those handed one (`notify(ALERT_RAISED, ...)`) and those they hand it on to,
those that broadcast one (surface helpers) or whatever they are handed (carriers) — by
short name, since the files defining or calling them are what is being looked for."""

from __future__ import annotations

from wscheck.demand.loop import closure
from wscheck.demand.types import Tokens, argument_slots, holds_param, relevant_broadcast
from wscheck.facts import Call, EmitKind, Function, PythonFacts, Ref, contains_param
from wscheck.modules import ModuleNames
from wscheck.resolution import params_at

MAX_HAND_ONS = 4  # notify -> dispatch -> _broadcast -> manager.broadcast: deeper chains are not followed


def carrying_calls(facts: list[PythonFacts], tokens: Tokens) -> list[tuple[PythonFacts, Call]]:
    """The calls that hand a sent type, as such, to a project function (`notify(ALERT_RAISED,
    ...)`) and, following the very parameter that receives it, the calls that hand it on.
    By name: the definitions may not be extracted yet. Not class calls (`BadRequestError(
    type=...)`, `Event(kind=...)`): constructing an object broadcasts nothing, and what is
    done with the object is found from its class name."""
    by_name: dict[str, list[tuple[PythonFacts, Function]]] = {}
    for module in facts:
        for fn in module.functions:
            by_name.setdefault(fn.name, []).append((module, fn))
    pending = [(module, call, slots, 0) for module in facts for fn in module.functions for call in fn.calls
               if _may_carry(call) and (slots := argument_slots(call, tokens.is_type))]
    found: list[tuple[PythonFacts, Call]] = []
    seen: set[tuple[str, frozenset]] = set()
    while pending:
        module, call, slots, depth = pending.pop()
        found.append((module, call))
        if (call.name, slots) in seen or depth >= MAX_HAND_ONS:
            continue
        seen.add((call.name, slots))
        for owner, fn in by_name.get(call.name, ()):
            params = params_at(fn, slots)
            for inner in fn.calls:
                onward = argument_slots(inner, lambda v: holds_param(v, params))
                if onward and _may_carry(inner):
                    pending.append((owner, inner, onward, depth + 1))
    return found


def _may_carry(call: Call) -> bool:
    return isinstance(call.target, Ref) and not call.name[:1].isupper()


def carried_to(facts: list[PythonFacts], tokens: Tokens, finder: ModuleNames) -> set[str]:
    """Modules defining the functions that calls hand a sent type to (`notify(ALERT_RAISED, ...)`),
    and, inside those functions, the ones they hand it on to."""
    imports = {module.module: dict(module.imports) for module in facts}
    found: set[str] = set()
    for module, call in carrying_calls(facts, tokens):
        if call.target.module != module.module:
            found |= _defining_modules(call.target, module.module, finder, imports)
    return found


def _defining_modules(ref: Ref, near: str, finder: ModuleNames, imports: dict[str, dict[str, Ref]]) -> set[str]:
    """The module a name is imported from and, through re-exporting packages already read,
    the module that defines it."""
    found: set[str] = set()
    for _ in range(4):
        match = finder.find(ref.module, near)
        if match is None:
            break
        found.add(match)
        head = ref.name.split(".")[0]
        onward = imports.get(match, {}).get(head)
        if onward is None:
            break
        ref, near = Ref(onward.module, ".".join(p for p in (onward.name, *ref.name.split(".")[1:]) if p)), match
    return found


def helper_names(facts: list[PythonFacts], tokens: Tokens) -> tuple[set[str], set[str]]:
    """(surface helpers, type carriers) by short name. Surface helpers broadcast a type the
    sockets carry (their callers say whether that broadcast ever runs); carriers broadcast
    what their parameters hold, which only their callers can tell. Functions that pass
    their own parameters on to one of either kind are of that kind too. By name, not by
    resolved call: the callers' files are what is being looked for, so most are not
    extracted yet."""
    functions = [fn for f in facts for fn in f.functions]
    surface = {fn.name for fn in functions if any(_surface_emit(e, tokens) for e in fn.emits)}
    carriers = {fn.name for fn in functions if any(e.kind is EmitKind.BROADCAST and _has_param(e) for e in fn.emits)}
    surface = closure(surface, lambda known: _passing_params_to(functions, known))
    carriers = closure(carriers - surface, lambda known: _passing_params_to(functions, known)) - surface
    return surface, carriers


def _has_param(site) -> bool:
    return any(contains_param(v) for v in (*site.args, *(kv[1] for kv in site.kwargs)))


def _surface_emit(emit, tokens: Tokens) -> bool:
    """A broadcast of a type the sockets carry: its callers decide whether it ever runs.
    (Helpers that send to a socket are reached from the endpoints: see `carried_to`.)"""
    return relevant_broadcast(emit, tokens)


def _passing_params_to(functions: list[Function], known: set[str]) -> set[str]:
    return {fn.name for fn in functions if any(c.name in known and _has_param(c) for c in fn.calls)}
