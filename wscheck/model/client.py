"""Client model: socket URLs through wrapper hooks, the components that use them, and
polling sites with their intervals resolved across relative imports."""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import Iterable

from wscheck.facts import (
    Bool, ClientCall, ClientFacts, ClientFunction, Glob, Num, Obj, Opaque, Param, PollingSite, Ref, Str, Value, iter_values,
)
from wscheck.polling_words import fetching_name
from wscheck.modules import module_candidates
from wscheck.model.aliases import Aliases
from wscheck.model.entities import ClientSocket, Polling, Usage
from wscheck.model.evaluate import Outcome, Pending, Unresolved, evaluate, substitute
from wscheck.model.imports import resolve_imports

MAX_WRAPPER_DEPTH = 4
MAX_DEFINITION_STEPS = 64  # re-exports followed to find one name (barrels of barrels)


class ClientIndex:
    def __init__(self, modules: list[ClientFacts], aliases: Aliases | None = None, scanned: Iterable[str] = ()):
        """`scanned`: the module names of every client file found, extracted or not."""
        self.aliases = aliases if aliases is not None else Aliases()
        modules, self.import_account = resolve_imports(modules, self.aliases, scanned)
        self.modules = {m.module: m for m in modules}
        self.functions = {(m.module, f.name): f for m in modules for f in m.functions}
        self.callers: dict[tuple[str, str], list[tuple[ClientFacts, ClientCall]]] = {}
        for facts in modules:
            for call in facts.calls:
                target = self.definition(call.callee)
                if target is not None:
                    self.callers.setdefault(target, []).append((facts, call))

    def module(self, spec: str) -> ClientFacts | None:
        """A project module by the name an import gave it (aliases were resolved already:
        a `pkg:` name left is a package's, or a module not scanned)."""
        for candidate in module_candidates(spec, []):
            if candidate in self.modules:
                return self.modules[candidate]
        return None

    def definition(self, ref: Ref) -> tuple[str, str] | None:
        """Follow re-exports (`export { x } from`, `export { default as x } from`, barrels'
        `export * from`) to the (module, name) that defines a function or constant."""
        pending, seen = [ref], set()
        while pending and len(seen) < MAX_DEFINITION_STEPS:
            ref = pending.pop()
            facts = self.module(ref.module) if ref not in seen else None
            seen.add(ref)
            if facts is None:
                continue
            head = ref.name.split(".")[0]
            rest = ref.name[len(head):]
            if (facts.module, head) in self.functions:
                return (facts.module, ref.name)
            constant = next((value for name, value in facts.constants if name == head), None)
            if constant is not None:
                # `export default useFeed` (or `export default function useFeed`): the function itself
                aliased = (constant.module, constant.name) if isinstance(constant, Ref) and not rest else None
                return aliased if aliased in self.functions else (facts.module, ref.name)
            target = next((target for local, target in facts.imports if local == head), None)
            if target is not None:
                pending.append(Ref(target.module, target.name + rest))
            elif head != "default":  # `export *` passes on every name but the default
                pending.extend(Ref(star.module, ref.name) for star in reversed(facts.star_exports))
        return None

    def lookup(self, ref: Ref, depth: int) -> list[Outcome]:
        if not isinstance(ref, Ref):
            return [Unresolved("a call's result is not a constant")]
        found = self.definition(ref)
        if found is None:
            return [Unresolved(f"`{ref.name}` from {ref.module.removeprefix('pkg:')} is not in the scanned sources")]
        module, name = found
        parts = name.split(".")
        constants = dict(self.modules[module].constants)
        if parts[0] not in constants:
            return [Unresolved(f"`{name}` is a function, not a constant")]
        outcomes = evaluate(constants[parts[0]], self.lookup, depth)
        for key in parts[1:]:  # members of a constant object: intervals.fallback
            outcomes = [o for outcome in outcomes for o in _member(outcome, key, self.lookup, depth)]
        return outcomes


def _member(outcome: Outcome, key: str, lookup, depth: int) -> list[Outcome]:
    if isinstance(outcome, Obj):
        for name, value in outcome.entries:
            if name == key:
                return evaluate(value, lookup, depth + 1)
        return [Unresolved(f"no `{key}` in the object")]
    return [outcome] if isinstance(outcome, (Unresolved, Pending)) else [Unresolved(f"`.{key}` of a non-object")]


def bind(call: ClientCall, function: ClientFunction, param: Param) -> Value | None:
    """The argument a call passes for `param` (`url`, or `options.url`), else its default."""
    head, _, rest = param.name.partition(".")
    for spec in function.params:
        if spec.name != head:
            continue
        value = call.args[spec.index] if spec.index < len(call.args) else None
        keys = ([spec.property] if spec.property else []) + (rest.split(".") if rest else [])
        for key in keys:
            value = dict(value.entries).get(key) if isinstance(value, Obj) else None
        return value if value is not None else spec.default
    return None


def url_pattern(outcomes: list[Outcome]) -> str | None:
    for outcome in outcomes:
        if isinstance(outcome, Str):
            return outcome.text
        if isinstance(outcome, Glob):
            return outcome.pattern
    return None


def build_sockets(index: ClientIndex) -> list[ClientSocket]:
    sockets: list[ClientSocket] = []
    pending: deque = deque()
    for facts in index.modules.values():
        for site in facts.sockets:
            pending.append((facts.module, site.function, site.url, site.location, ((facts.module, site.function),), 0))
    origins = {}
    while pending:
        module, function, url, location, chain, depth = pending.popleft()
        origin = origins.get(chain[0]) if depth else None
        outcomes = evaluate(url, index.lookup)
        # `${WS_BASE}${path}` evaluates to a glob; the parameter inside still says "wrapper"
        params = [v for v in iter_values(url) if isinstance(v, Param) and v.function == f"{module}:{function}"]
        callers = index.callers.get((module, function), [])
        if not params or not callers or depth >= MAX_WRAPPER_DEPTH:
            # `${WS_BASE}/ws/rooms/${roomId}` with nobody passing roomId: the parameter is a `*`
            sockets.append(ClientSocket(url_pattern(outcomes), location, module, function, chain, origin))
            continue
        spec = index.functions.get((module, function))  # a wrapper hook: its callers give the URL
        origins.setdefault(chain[0], location)
        for caller, call in callers if spec else []:
            bindings = {p: bound for p in params if (bound := bind(call, spec, p)) is not None}
            link = (caller.module, call.function)
            pending.append((caller.module, call.function, substitute(url, bindings), call.location, chain + (link,), depth + 1))
    return sorted(set(sockets), key=lambda s: (s.location, s.url or ""))


def build_usages(index: ClientIndex, sockets: list[ClientSocket]) -> dict[tuple[str, str | None], list[Usage]]:
    """For each socket's hook: the UI components (JSX/.vue modules) that use it, directly or
    through other hooks."""
    usages: dict[tuple[str, str | None], list[Usage]] = {}
    for socket in sockets:
        key = (socket.module, socket.function)
        if key in usages:
            continue
        found: list[Usage] = []
        if index.modules[socket.module].renders_jsx:
            found.append(Usage(socket.location, socket.module))
        found.extend(Usage(call.location, caller.module) for caller, call in _users(index, key) if caller.renders_jsx)
        usages[key] = sorted(set(found), key=lambda u: u.location)
    return usages


def build_socket_modules(index: ClientIndex, sockets: list[ClientSocket]) -> frozenset[str]:
    """Modules that open a socket, wrap the hook that does, or call it (a hook that takes
    the socket from `connect()` and listens on it, a component)."""
    found = {module for s in sockets for module, _ in s.chain}
    for key in {(s.module, s.function) for s in sockets}:
        found.update(caller.module for caller, _call in _users(index, key))
    return frozenset(found)


def _users(index: ClientIndex, key: tuple[str, str | None]):
    """(caller, call) of every call to the function `key`, directly or through other functions."""
    seen = {key}
    frontier = [key]
    for _ in range(MAX_WRAPPER_DEPTH):
        next_frontier = []
        for target in frontier:
            for caller, call in index.callers.get(target, []) if target[1] else []:
                yield caller, call
                link = (caller.module, call.function)
                if link not in seen and call.function:
                    seen.add(link)
                    next_frontier.append(link)
        frontier = next_frontier


def build_polling(index: ClientIndex) -> list[Polling]:
    """Every polling site; a polling hook whose interval (or callback) is a parameter
    polls at each call site that passes one, the finding then being at the call site."""
    sites: list[Polling] = []
    for facts in index.modules.values():
        for site in facts.polling:
            sites.extend(_hook_sites(index, facts, site))
    # `useLive(fetch, { refetchInterval: 5000 })` is a site of its own already: the hook's
    # call site on that line adds nothing
    direct = {(s.location.file, s.location.line) for f in index.modules.values() for s in f.polling}
    own = {s.location for f in index.modules.values() for s in f.polling}
    sites = [p for p in sites if p.location in own or (p.location.file, p.location.line) not in direct]
    return sorted(set(sites), key=lambda p: p.location)


def _hook_sites(index: ClientIndex, facts: ClientFacts, site: PollingSite, depth: int = 0) -> list[Polling]:
    """The site itself (for the call sites that keep the hook's defaults), and each call
    site that passes its own interval or callback, followed up through wrapper hooks."""
    own = (facts.module, site.function) if site.function else None
    qualname = f"{facts.module}:{site.function}"
    open_value = site.parametric if site.parametric is not None else site.interval
    params = {v for v in iter_values(open_value) if isinstance(v, Param) and v.function == qualname}
    fetcher_param = site.fetcher if isinstance(site.fetcher, Param) and site.fetcher.function == qualname else None
    if fetcher_param is not None:
        params.add(fetcher_param)
    spec = index.functions.get(own) if own else None
    all_callers = index.callers.get(own, []) if own else []
    callers = all_callers if params and spec and depth < MAX_WRAPPER_DEPTH else []
    found: list[Polling] = []
    by_default = 0
    for caller, call in callers:
        if not any(_passed(call, spec, p) is not None for p in params):
            by_default += 1  # leaves the hook's defaults: counted at the hook
            continue
        bindings = {p: bound for p in params if (bound := bind(call, spec, p)) is not None}
        fetcher = _call_fetcher(call, spec, fetcher_param) if fetcher_param is not None else site.fetcher
        moved = replace(
            site,
            interval=substitute(open_value, bindings),
            parametric=None,
            location=call.location,
            function=call.function,
            fetcher=fetcher,
        )
        if call.function:
            found.extend(_hook_sites(index, caller, moved, depth + 1))
        else:
            found.append(_polling(index, caller, moved, 1))
    # with a callback parameter, what the hook runs is only known where it is called
    if not (fetcher_param is not None and callers) and (not callers or by_default):
        found.append(_polling(index, facts, site, by_default or len(all_callers)))
    return [p for p in found if p is not None]


def _passed(call: ClientCall, function: ClientFunction, param: Param) -> Value | None:
    """The argument a call passes for `param`, if it passes one (defaults aside)."""
    head, _, rest = param.name.partition(".")
    for spec in function.params:
        if spec.name != head:
            continue
        value = call.args[spec.index] if spec.index < len(call.args) else None
        for key in ([spec.property] if spec.property else []) + (rest.split(".") if rest else []):
            value = dict(value.entries).get(key) if isinstance(value, Obj) else None
        return value
    return None


def _call_fetcher(call: ClientCall, function: ClientFunction, param: Param) -> Value:
    """What a hook's call site passes as the callback it runs on a timer."""
    for spec in function.params:
        if spec.name == param.name and spec.property is None:
            verdict = dict(call.callbacks).get(spec.index)
            if verdict is not None:
                return verdict
            value = call.args[spec.index] if spec.index < len(call.args) else None
            if isinstance(value, (Ref, Param)):
                return value
            if isinstance(value, Opaque) and fetching_name(value.text):
                return Bool(True)
    return Bool(False)


def _fetches(index: ClientIndex, fetcher: Value | None) -> bool:
    """Whether a timer's callback makes an HTTP call, looking into project functions and
    those they call: a worklist with a visited set, so that functions calling each other
    across modules are each looked into once, however long the chain."""
    if fetcher is None or fetcher == Bool(True):
        return True
    pending, seen = [fetcher], {fetcher}
    while pending:
        ref = pending.pop()
        if not isinstance(ref, Ref):
            continue
        found = index.definition(ref)
        function = index.functions.get(found) if found else None
        if function is None:
            if fetching_name(ref.name.split(".")[-1]):  # not scanned: its name is all we have
                return True
            continue
        if function.fetches:
            return True
        for call in index.modules[found[0]].calls:
            if call.function == function.name and call.callee not in seen:
                seen.add(call.callee)
                pending.append(call.callee)
    return False


def _polling(index: ClientIndex, facts: ClientFacts, site: PollingSite, instances: int) -> Polling | None:
    """One polling site as the rules see it; None when it does not poll after all."""
    if not _fetches(index, site.fetcher):
        return None
    outcomes = evaluate(site.interval, index.lookup)
    falsy = any(_falsy(o) for o in outcomes)
    numbers = [o.value for o in outcomes if isinstance(o, Num) and o.value > 0]
    if falsy and not numbers and all(_falsy(o) for o in outcomes):
        return None  # `refetchInterval: false` or 0: no polling
    condition = getattr(site.interval, "test", None)
    key = [o.text for o in evaluate(site.query_key, index.lookup) if isinstance(o, Str)] if site.query_key else []
    return Polling(
        site.kind, site.location, min(numbers) if numbers else None, falsy, site.global_default,
        facts.module, site.function, condition, max(instances, 1),
        _fetched_urls(site.resource, index), key[0] if key else None,
    )


def _fetched_urls(resource: Value | None, index: ClientIndex) -> tuple[str, ...]:
    """URL patterns a queryFn fetches: inline, or inside the project function it names."""
    if resource is None:
        return ()
    urls: list[str] = []
    if isinstance(resource, Ref):
        found = index.definition(resource)
        function = index.functions.get(found) if found else None
        if function is not None:
            for fetched in function.fetches:
                urls.extend(u for u in (url_pattern([o]) for o in evaluate(fetched, index.lookup)) if u)
            return tuple(dict.fromkeys(urls))
    urls.extend(u for u in (url_pattern([o]) for o in evaluate(resource, index.lookup)) if u)
    return tuple(dict.fromkeys(urls))


def _falsy(outcome: Outcome) -> bool:
    return (isinstance(outcome, Bool) and not outcome.value) or (isinstance(outcome, Num) and outcome.value == 0)
