"""Server demand: parse in proportion to the WebSocket surface, not the app.

Start from the files only WebSocket code holds (routes, socket sends, `.broadcast(`).
Their facts then ask for: the modules their values reference; the packages a call goes
through; the modules that mount their routers; the message types the sockets carry,
which make a file with an everyday word (`publish(`, `emit(`) worth parsing only when it
names one of them (`types.Tokens`); and the callers of the helpers that carry those
types or broadcast them (their files are extracted again, knowing the helper names).
"""

from __future__ import annotations

from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS, Settings
from wscheck.demand.channels import channel_constant_modules, longest_word, subscribed_channels
from wscheck.demand.loop import closure
from wscheck.demand.routing import may_lead_to, module_of, route_wrappers, router_module_names, router_names, routing_modules
from wscheck.demand.sockets import SocketNames
from wscheck.demand.tasks import Task
from wscheck.demand.types import Tokens, argument_slots, holds_param, params_at, relevant_broadcast, socket_functions, type_tokens
from wscheck.discovery import SourceFile
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import Call, EmitKind, Function, Instance, PythonFacts, Ref, contains_param, iter_values
from wscheck.modules import ModuleNames, python_module_name
from wscheck.executor import Executor
from wscheck.search import Patterns, Search, Words

EXTRACTOR = "wscheck.extract.server.extractor:extract_python"
PARSER = EXTRACTOR.partition(":")[0]
APP_MOUNT = b".mount("
# Most WebSocket server code names a socket (`WebSocket`, `websocket.accept(`, `socketio`):
# a server file naming one makes a parse likely, the bet a worker loads the parser on while
# the prefilter runs (found in a few microseconds a file, at the first such file).
LIKELY_PARSED = b"ocket"


class ServerDemand:
    def __init__(
        self, files: list[SourceFile], settings: Settings, search: Search[SourceFile], executor: Executor,
        client_types: frozenset[str] = frozenset(),
    ):
        from wscheck.extract.server import patterns

        self.files = files
        self.search = search
        self.read = search.read
        self.settings = settings
        self.executor = executor  # for the pass over every file, and told early which parser it will need
        self.names = {f.path: python_module_name(f) for f in files}
        self.by_module = {self.names[f.path][0]: f for f in files}
        self.finder = ModuleNames(list(self.by_module))
        custom = tuple(f"{n}(".encode() for n in settings.broadcast_functions if "*" not in n and n not in DEFAULT_BROADCAST_FUNCTIONS)
        self.strong = patterns.STRONG + custom  # a user's own broadcast names are as telling as `.broadcast(`
        self.weak = patterns.WEAK_BROADCASTS
        self.mount_patterns = patterns.ROUTER_MOUNTS
        self._mount_files: list[SourceFile] = []
        self._app_mount_files: list[SourceFile] = []  # whose only mount word is `.mount(`: an everyday one
        self._weak_files: list[SourceFile] = []
        self._searched_literals: set[str] = set()
        self._defined_names: set[str] = set()
        self._searched_channels: set[str] = set()  # subscribed channel literals already looked up
        self._channel_names: set[str] = set()  # constants bound to one of them
        self.rare = max(5, len(files) // 100)  # a helper named in at most this many files is followed everywhere
        self.hints: set[str] = set()  # names of project helpers that broadcast a sent type, or are handed one
        self.carrier_hints: set[str] = set()  # helpers that broadcast what they are handed
        self._named_types = Words(())  # every word naming a sent type, as known now
        self.client_types = client_types  # types the client handles: WS104 asks whether anything sends them
        self.type_words: frozenset[bytes] = frozenset()  # the sent types, as words unlikely to appear by chance
        self.sockets = SocketNames(files, search, self.rare)  # socket classes: who routes them, who calls their sends

    def initial(self) -> list[SourceFile]:
        """The files holding a strong pattern; on the way (one pass over the bytes), those
        holding a router mount or an everyday broadcast word, for the later rounds."""
        looked_for = Patterns((*self.strong, *self.mount_patterns, *self.weak))
        strong, mounts, weak = set(self.strong), set(self.mount_patterns), set(self.weak)
        initial = []

        def holds(file: SourceFile) -> frozenset[bytes]:
            found = looked_for.found_in(self.read(file))
            if found and not strong.isdisjoint(found):  # surely parsed: a worker may load the parser meanwhile
                self.executor.expect(PARSER)
            return found

        held = self.executor.map_items(holds, self.files, "prefilter")
        for file, found in zip(self.files, held):
            if found:
                if not strong.isdisjoint(found):
                    initial.append(file)
                if not mounts.isdisjoint(found):
                    only_app_mount = mounts & set(found) == {APP_MOUNT}
                    (self._app_mount_files if only_app_mount else self._mount_files).append(file)
                if not weak.isdisjoint(found):
                    self._weak_files.append(file)
        return initial

    def key(self, file: SourceFile) -> tuple[str, ...]:
        """The helper names this file calls and the sent types it names: its skeleton keeps
        the functions that hold them."""
        data = self.read(file)
        words = [w for w in (f"{h}(" for h in self.hints) if w.encode() in data]
        words += [w.decode() for w in self.type_words if w in data]
        words += self.sockets.keep_words(data)
        if self.carrier_hints and self._named_types.found_in(data):  # a carrier call matters only where a type is named
            words += [w for w in (f"{h}(" for h in self.carrier_hints) if w.encode() in data]
        return tuple(sorted(set(words)))

    def task(self, file: SourceFile, hints: tuple[str, ...]) -> Task:
        module, is_package = self.names[file.path]
        options = ServerOptions(self.settings.message_type_keys, self.settings.broadcast_functions, hints)  # keep words
        return Task(file.path, self.read(file), EXTRACTOR, (module, is_package, options), repr((module, is_package, options)))

    def _channel_words(self, facts: list[PythonFacts]) -> list[bytes]:
        """The words a file publishing to a subscribed channel holds: the channel's literal (its
        longest word), the constant naming it in the subscriber, or a constant bound to the same
        literal elsewhere (`CHAT = "chatroom"`), looked up once per literal."""
        literals, names = subscribed_channels(facts)
        new = Tokens(literals - self._searched_channels)
        if new.literals:
            for file in self.search.naming(self.files, new.literal_words()):
                self._channel_names |= new.defined_names(self.read(file))
            self._searched_channels |= new.literals
        return sorted({longest_word(t) for t in literals} - {b""} | {n.encode() for n in names | self._channel_names})

    def expand(self, extracted: list) -> tuple[dict[str, SourceFile], bool]:
        facts = [f for f in extracted if isinstance(f, PythonFacts)]
        more: dict[str, SourceFile] = {}

        def want(files) -> None:
            for file in files:
                more.setdefault(file.path, file)

        helpers = self.hints | self.carrier_hints
        tokens = type_tokens(facts, self.settings.message_type_keys, self.client_types, frozenset(self.settings.control_types))
        self._named_types = Words(tokens.words())
        refs = referenced_modules(facts, self.finder, helpers, tokens)
        want(self.by_module[m] for m in refs | reexporting_packages(facts, self.finder, self.by_module))
        # modules that include a router holding WebSocket routes: they hold its prefix
        want(self.search.naming(self._mount_files, router_module_names(facts)))
        # `app.mount("/stream", realtime_router())` in a file naming no socket API: it names the router
        want(self.search.naming(self._app_mount_files, router_names(facts)))
        # helpers that are handed a sent type, and the helpers they hand it on to
        want(self.by_module[m] for m in carried_to(facts, tokens, self.finder))
        want(self.search.naming(self._weak_files, tokens.words()))  # everyday words that name a sent type
        want(self.search.naming(self._weak_files, self._channel_words(facts)))  # who publishes to them
        want(self.by_module[m] for m in channel_constant_modules(facts, self.finder))
        routing, sockets_grew = self.sockets.expand(facts)  # route tables, managers calling a socket's sends
        want(routing)
        new = Tokens(tokens.literals - self._searched_literals)  # constants holding a sent type, searched once
        for file in self.search.naming(self.files, new.literal_words()):
            self._defined_names |= new.defined_names(self.read(file)) - set(self.settings.message_type_keys)
        self._searched_literals |= new.literals
        tokens.names |= self._defined_names
        want(self.search.naming(self._weak_files, tokens.words()))
        # Files that name a sent type by a word unlikely to appear by chance may hand it to a
        # helper (`notify(ALERT_RAISED, ...)`): their skeletons keep the functions naming it,
        # and `carried_to` follows such calls forward, through any forwarders, to the broadcast.
        type_words = frozenset(tokens.specific_words())
        new_type_words = type_words - self.type_words
        want(self.search.naming(self.files, new_type_words))
        self.type_words |= type_words
        surface, carriers = helper_names(facts, tokens)
        forwarded = {call.name for _, call in carrying_calls(facts, tokens)}
        new_surface = surface - self.hints
        new_carriers = carriers - self.hints - self.carrier_hints - surface
        callers = self.search.by_word(self.files, {n.encode() for n in new_surface | new_carriers})
        for name in sorted(new_surface):  # callers decide liveness; a name used everywhere is live by its text
            found = callers.get(name.encode(), [])
            want(found if len(found) <= self.rare else ())
        # A carrier broadcasts what it is handed: only a caller naming a sent type can hand it
        # one (a caller that forwards its own parameters is reached forward, from the files
        # naming the type). A generic one called all over an app (`emit(event)`) only through
        # words unlikely to appear by chance.
        for name in sorted(new_carriers):
            found = callers.get(name.encode(), [])
            want(self.search.naming(found, tokens.words() if len(found) <= self.rare else type_words))
        # a project helper that declares routes for its callers (`register_socket(app, path, handler)`):
        # its callers hold the paths and handlers
        wrappers = route_wrappers(facts) - self.hints
        for found in self.search.by_word(self.files, {f"{n}(".encode() for n in wrappers}).values():
            want(found)
        new_surface |= wrappers
        new_forwarded = forwarded - self.hints - new_surface
        self.hints |= new_surface | new_forwarded  # a file extracted with fewer hints is extracted again
        self.carrier_hints |= new_carriers
        return more, bool(new_surface or new_carriers or new_forwarded or new_type_words or sockets_grew)


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
