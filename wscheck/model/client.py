"""Client model: the index of client modules, socket URLs through wrapper hooks and the
components that use them (polling sites: `client_polling`)."""

from __future__ import annotations

from collections import deque

from wscheck.facts import ClientCall, ClientFacts, ClientFunction, Glob, Obj, Param, Ref, Str, Value, iter_values
from wscheck.modules import module_candidates, src_roots
from wscheck.model.entities import ClientSocket, Usage
from wscheck.model.evaluate import Outcome, Pending, Unresolved, evaluate, substitute
from wscheck.values import SPREAD

MAX_WRAPPER_DEPTH = 4


class ClientIndex:
    def __init__(self, modules: list[ClientFacts]):
        self.modules = {m.module: m for m in modules}
        self.functions = {(m.module, f.name): f for m in modules for f in m.functions}
        self.src_roots = src_roots(self.modules)
        self.callers: dict[tuple[str, str], list[tuple[ClientFacts, ClientCall]]] = {}
        for facts in modules:
            for call in facts.calls:
                target = self.function_key(call.callee)
                if target is not None:
                    self.callers.setdefault(target, []).append((facts, call))

    def module(self, spec: str) -> ClientFacts | None:
        for candidate in module_candidates(spec, self.src_roots):
            if candidate in self.modules:
                return self.modules[candidate]
        return None

    def definition(self, ref: Ref, depth: int = 0) -> tuple[str, str] | None:
        """Follow re-exports to the (module, name) that defines a function or constant."""
        facts = self.module(ref.module)
        if facts is None or depth > 8:
            return None
        head = ref.name.split(".")[0]
        if (facts.module, head) in self.functions or any(name == head for name, _ in facts.constants):
            return (facts.module, ref.name)
        for local, target in facts.imports:
            if local == head:
                rest = ref.name[len(head):]
                return self.definition(Ref(target.module, target.name + rest), depth + 1)
        return None

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


def passed(call: ClientCall, function: ClientFunction, param: Param) -> Value | None:
    """The argument a call passes for `param`, if it passes one (defaults aside)."""
    head, _, rest = param.name.partition(".")
    for spec in function.params:
        if spec.name != head:
            continue
        value = call.args[spec.index] if spec.index < len(call.args) else None
        return member_path(value, ([spec.property] if spec.property else []) + (rest.split(".") if rest else []))
    return None
