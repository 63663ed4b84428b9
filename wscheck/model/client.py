"""Client model: the index of client modules, socket URLs through wrapper hooks and the
components that use them (polling sites: `client_polling`)."""

from __future__ import annotations

from collections import deque
from typing import Iterable

from wscheck.facts import ClientCall, ClientFacts, ClientFunction, Glob, Obj, Param, Ref, SocketSite, Str, Value, iter_values
from wscheck.modules import AUTO_IMPORT_DIRS, AUTO_IMPORTS, NUXT_CONFIG, module_candidates, nuxt_config
from wscheck.model.aliases import Aliases
from wscheck.model.entities import ClientSocket
from wscheck.model.socket_users import app_root
from wscheck.model.evaluate import Outcome, Pending, Unresolved, evaluate, substitute
from wscheck.model.imports import resolve_imports
from wscheck.values import SPREAD

MAX_WRAPPER_DEPTH = 4
MAX_DEFINITION_STEPS = 64  # re-exports followed to find one name (barrels of barrels)


class ClientIndex:
    def __init__(self, modules: list[ClientFacts], aliases: Aliases | None = None, scanned: Iterable[str] = ()):
        """`scanned`: the module names of every client file found, extracted or not."""
        self.aliases = aliases if aliases is not None else Aliases()
        modules, self.import_account = resolve_imports(modules, self.aliases, scanned)
        self.modules = {m.module: m for m in modules}
        self.functions = {(m.module, f.name): f for m in modules for f in m.functions}
        # classes and consts that hold a socket or use one: other modules' uses name them
        self.holders = {(m.module, s.binding) for m in modules for s in m.sockets if s.binding}
        self.holders |= {(m.module, u.holder) for m in modules for u in m.uses if u.holder}
        self.auto_imports = _auto_imports(modules)
        self.nuxt_config = nuxt_config(self.modules)
        self.callers: dict[tuple[str, str], list[tuple[ClientFacts, ClientCall]]] = {}
        for facts in modules:
            for call in facts.calls:
                target = self.function_key(call.callee)
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
        if ref.module == AUTO_IMPORTS:
            return self.auto_imports.get(ref.name)
        if ref.module == NUXT_CONFIG:  # `useRuntimeConfig().public.socketUrl`
            return (self.nuxt_config, f"default.{ref.name}") if self.nuxt_config is not None else None
        pending, seen = [ref], set()
        while pending and len(seen) < MAX_DEFINITION_STEPS:
            ref = pending.pop()
            facts = self.module(ref.module) if ref not in seen else None
            seen.add(ref)
            if facts is None:
                continue
            head = ref.name.split(".")[0]
            rest = ref.name[len(head):]
            if (facts.module, head) in self.functions or (facts.module, head) in self.holders:
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

    def binding(self, ref: Ref) -> tuple[str, str] | None:
        """The (module, name) a Ref names, through re-exports and aliases (`export default socket`)."""
        found = self.definition(ref)
        seen = set()
        while found is not None and found not in self.holders and found not in seen:
            seen.add(found)
            value = dict(self.modules[found[0]].constants).get(found[1])
            if not isinstance(value, Ref):
                break
            found = self.definition(value) or found
        return found

    def function_key(self, ref: Ref) -> tuple[str, str] | None:
        """Like `definition`, and through the constant objects that expose functions
        (`api.pipelines.useList` with `export const api = { pipelines: { useList } }`)."""
        seen: set[Ref] = set()
        while ref not in seen:
            seen.add(ref)
            found = self.definition(ref)
            if found is None or found in self.functions:
                return found
            module, name = found
            head, *path = name.split(".")
            value = dict(self.modules[module].constants).get(head)
            for index, key in enumerate(path):
                if isinstance(value, Ref):  # an object of another module: go on from there
                    value = Ref(value.module, ".".join([value.name, *path[index:]]))
                    break
                value = dict(value.entries).get(key) if isinstance(value, Obj) else None
            if not isinstance(value, Ref):
                return found
            ref = value
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


def _auto_imports(modules: list[ClientFacts]) -> dict[str, tuple[str, str]]:
    """Composables a component may call without importing them (Nuxt's `composables/`,
    `utils/`, `stores/`): each name defined in exactly one such module."""
    found: dict[str, list[tuple[str, str]]] = {}
    for facts in modules:
        if not any(part in AUTO_IMPORT_DIRS for part in facts.module.split("/")[:-1]):
            continue
        names = [f.name for f in facts.functions if f.exported] + [name for name, _ in facts.constants]
        for name in names:
            if name.startswith("use"):
                found.setdefault(name, []).append((facts.module, name))
    return {name: places[0] for name, places in found.items() if len(set(places)) == 1}


def _member(outcome: Outcome, key: str, lookup, depth: int) -> list[Outcome]:
    if isinstance(outcome, Obj):
        for name, value in outcome.entries:
            if name == key:
                return evaluate(value, lookup, depth + 1)
        return [Unresolved(f"no `{key}` in the object")]
    return [outcome] if isinstance(outcome, (Unresolved, Pending)) else [Unresolved(f"`.{key}` of a non-object")]


def bind(call: ClientCall, function: ClientFunction, param: Param) -> Value | None:
    """The argument a call passes for `param` (`url`, or `options.url`), else its default."""
    rest = param.name.partition(".")[2].split(".") if "." in param.name else []
    for spec in function.params:
        if spec.name == param.name.partition(".")[0]:
            value = passed(call, function, param)
            return value if value is not None else member_path(spec.default, rest)
    return None


def member_path(value: Value | None, keys: list[str]) -> Value | None:
    """`value.a.b`: through object literals (where a key is not written after a spread
    parameter, that parameter's member) and a caller's own parameter, which stays open
    (`Param(options)` gives `Param(options.a.b)`: a wrapper passing its options on)."""
    for key in keys:
        if isinstance(value, Param):
            value = Param(value.function, f"{value.name}.{key}")
        elif isinstance(value, Obj):
            value = _entry(value, key)
        else:
            return None
    return value


def _entry(obj: Obj, key: str) -> Value | None:
    for name, entry in reversed(obj.entries):
        if name == key:
            return entry
        if name == SPREAD and isinstance(entry, Param):
            return Param(entry.function, f"{entry.name}.{key}")
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
    provided = _provided(index)
    for facts in index.modules.values():
        for site in facts.sockets:
            if not _installs_binding(index, facts, site, provided):
                pending.append((facts.module, site.function, site.url, site.location, ((facts.module, site.function),), 0, site))
    origins = {}
    while pending:
        module, function, url, location, chain, depth, site = pending.popleft()
        origin = origins.get(chain[0]) if depth else None
        outcomes = evaluate(url, index.lookup)
        # `${WS_BASE}${path}` evaluates to a glob; the parameter inside still says "wrapper"
        params = [v for v in iter_values(url) if isinstance(v, Param) and v.function == f"{module}:{function}"]
        callers = index.callers.get((module, function), [])
        if not params or not callers or depth >= MAX_WRAPPER_DEPTH:
            # `${WS_BASE}/ws/rooms/${roomId}` with nobody passing roomId: the parameter is a `*`
            held = {} if depth else {"binding": site.binding, "provides": _handles(module, site, provided)}
            sockets.append(ClientSocket(url_pattern(outcomes), location, module, function, chain, origin, **held))
            continue
        spec = index.functions.get((module, function))  # a wrapper hook: its callers give the URL
        origins.setdefault(chain[0], location)
        for caller, call in callers if spec else []:
            bindings = {p: bound for p in params if (bound := bind(call, spec, p)) is not None}
            link = (caller.module, call.function)
            pending.append((caller.module, call.function, substitute(url, bindings), call.location, chain + (link,), depth + 1, site))
    return sorted(set(sockets), key=lambda s: (s.location, s.url or ""))


def _provided(index: ClientIndex) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(handle, app directory) of each binding made reachable app-wide by another module
    (`app.provide('socket', socket)`, `globalProperties.$socket = socket`)."""
    provided: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for facts in index.modules.values():
        for provide in facts.provides:
            key = index.binding(provide.value) if isinstance(provide.value, Ref) else None
            if key is not None:
                provided.setdefault(key, []).extend((h, app_root(facts.module)) for h in provide.handles)
    return provided


def _installs_binding(index: ClientIndex, facts: ClientFacts, site: SocketSite, provided: dict) -> bool:
    """`Vue.use(VueSocketIOExt, socket)` with `socket` opened elsewhere: the plugin installs
    that socket (it gets the handles) and opens none of its own."""
    if not site.provides or not isinstance(site.url, Ref):
        return False
    key = index.binding(site.url)
    if key is None or key not in index.holders or not any(s.binding == key[1] for s in index.modules[key[0]].sockets):
        return False
    provided.setdefault(key, []).extend((h, app_root(facts.module)) for h in site.provides)
    return True


def _handles(module: str, site: SocketSite, provided: dict) -> tuple[tuple[str, str], ...]:
    own = [(h, app_root(module)) for h in site.provides]
    return tuple(dict.fromkeys(own + (provided.get((module, site.binding), []) if site.binding else [])))


def passed(call: ClientCall, function: ClientFunction, param: Param) -> Value | None:
    """The argument a call passes for `param`, if it passes one (defaults aside)."""
    head, _, rest = param.name.partition(".")
    for spec in function.params:
        if spec.name != head:
            continue
        value = call.args[spec.index] if spec.index < len(call.args) else None
        return member_path(value, ([spec.property] if spec.property else []) + (rest.split(".") if rest else []))
    return None
