"""Server demand: parse in proportion to the WebSocket surface, not the app.

Start from the files only WebSocket code holds (routes, socket sends, `.broadcast(`).
Their facts then ask for: the modules their values reference (`demand.references`); the
modules that mount their routers (`demand.routing`); the message types the sockets carry,
which make a file with an everyday word (`publish(`, `emit(`) worth parsing only when it
names one of them (`demand.types.Tokens`); who publishes to the channels they subscribe
to (`demand.channels`); and the callers of the helpers that carry those types or
broadcast them (`demand.helpers`: their files are extracted again, knowing the helper
names). What the rounds learn is kept in one place, `Known`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS, Settings
from wscheck.demand.channels import channel_constant_modules, channel_words
from wscheck.demand.helpers import carried_to, carrying_calls, helper_names
from wscheck.demand.references import reexporting_packages, referenced_modules
from wscheck.demand.routing import route_wrappers, router_module_names, router_names
from wscheck.demand.sockets import SocketNames
from wscheck.demand.tasks import Task
from wscheck.demand.types import Tokens, type_tokens
from wscheck.discovery import SourceFile
from wscheck.executor import Executor
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import PythonFacts
from wscheck.modules import ModuleNames, python_module_name
from wscheck.search import Patterns, Search, Words

EXTRACTOR = "wscheck.extract.server.extractor:extract_python"
PARSER = EXTRACTOR.partition(":")[0]
APP_MOUNT = b".mount("
# Most WebSocket server code names a socket (`WebSocket`, `websocket.accept(`, `socketio`):
# a server file naming one makes a parse likely, the bet a worker loads the parser on while
# the prefilter runs (found in a few microseconds a file, at the first such file).
LIKELY_PARSED = b"ocket"


@dataclass
class Known:
    """What the server demand has learnt so far; it only grows, round after round."""

    # found by the prefilter, for the later rounds
    mount_files: list[SourceFile] = field(default_factory=list)  # holding a router mount
    app_mount_files: list[SourceFile] = field(default_factory=list)  # whose only mount word is `.mount(`: an everyday one
    weak_files: list[SourceFile] = field(default_factory=list)  # holding an everyday broadcast word
    # found by the rounds
    hints: set[str] = field(default_factory=set)  # names of project helpers that broadcast a sent type, or are handed one
    carrier_hints: set[str] = field(default_factory=set)  # helpers that broadcast what they are handed
    named_types: Words = field(default_factory=lambda: Words(()))  # every word naming a sent type, as known now
    type_words: frozenset[bytes] = frozenset()  # the sent types, as words unlikely to appear by chance
    searched_literals: set[str] = field(default_factory=set)  # sent types whose constants were looked up
    defined_names: set[str] = field(default_factory=set)  # the constants bound to them
    searched_channels: set[str] = field(default_factory=set)  # subscribed channel literals already looked up
    channel_names: set[str] = field(default_factory=set)  # constants bound to one of them


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
        self.rare = max(5, len(files) // 100)  # a helper named in at most this many files is followed everywhere
        self.client_types = client_types  # types the client handles: WS104 asks whether anything sends them
        self.sockets = SocketNames(files, search, self.rare)  # socket classes: who routes them, who calls their sends
        self.known = Known()

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
                    (self.known.app_mount_files if only_app_mount else self.known.mount_files).append(file)
                if not weak.isdisjoint(found):
                    self.known.weak_files.append(file)
        return initial

    def key(self, file: SourceFile) -> tuple[str, ...]:
        """The helper names this file calls and the sent types it names: its skeleton keeps
        the functions that hold them."""
        data, known = self.read(file), self.known
        words = [w for w in (f"{h}(" for h in known.hints) if w.encode() in data]
        words += [w.decode() for w in known.type_words if w in data]
        words += self.sockets.keep_words(data)
        if known.carrier_hints and known.named_types.found_in(data):  # a carrier call matters only where a type is named
            words += [w for w in (f"{h}(" for h in known.carrier_hints) if w.encode() in data]
        return tuple(sorted(set(words)))

    def task(self, file: SourceFile, hints: tuple[str, ...]) -> Task:
        module, is_package = self.names[file.path]
        options = ServerOptions(self.settings.message_type_keys, self.settings.broadcast_functions, hints)  # keep words
        return Task(file.path, self.read(file), EXTRACTOR, (module, is_package, options), repr((module, is_package, options)))

    def expand(self, extracted: list) -> tuple[dict[str, SourceFile], bool]:
        facts = [f for f in extracted if isinstance(f, PythonFacts)]
        known = self.known
        helpers = known.hints | known.carrier_hints
        tokens = type_tokens(facts, self.settings.message_type_keys, self.client_types, frozenset(self.settings.control_types))
        known.named_types = Words(tokens.words())
        wanted = list(self._around(facts, tokens, helpers))
        routing, sockets_grew = self.sockets.expand(facts)  # route tables, managers calling a socket's sends
        wanted.append(routing)
        tokens.names |= self._constants_holding(tokens.literals)
        wanted.append(self.search.naming(known.weak_files, tokens.words()))
        # Files that name a sent type by a word unlikely to appear by chance may hand it to a
        # helper (`notify(ALERT_RAISED, ...)`): their skeletons keep the functions naming it,
        # and `carried_to` follows such calls forward, through any forwarders, to the broadcast.
        type_words = frozenset(tokens.specific_words())
        new_type_words = type_words - known.type_words
        wanted.append(self.search.naming(self.files, new_type_words))
        known.type_words |= type_words
        callers, helpers_grew = self._helper_callers(facts, tokens, type_words)
        more: dict[str, SourceFile] = {}
        for file in (f for files in (*wanted, callers) for f in files):
            more.setdefault(file.path, file)
        return more, bool(helpers_grew or new_type_words or sockets_grew)

    def _around(self, facts: list[PythonFacts], tokens: Tokens, helpers: set[str]) -> Iterator[Iterable[SourceFile]]:
        """The files around the code read so far: what it refers to, who mounts its routers,
        whom it hands a sent type, and who may broadcast or publish what it carries."""
        known = self.known
        refs = referenced_modules(facts, self.finder, helpers, tokens)
        yield [self.by_module[m] for m in refs | reexporting_packages(facts, self.finder, self.by_module)]
        # modules that include a router holding WebSocket routes: they hold its prefix
        yield self.search.naming(known.mount_files, router_module_names(facts))
        # `app.mount("/stream", realtime_router())` in a file naming no socket API: it names the router
        yield self.search.naming(known.app_mount_files, router_names(facts))
        # helpers that are handed a sent type, and the helpers they hand it on to
        yield [self.by_module[m] for m in carried_to(facts, tokens, self.finder)]
        yield self.search.naming(known.weak_files, tokens.words())  # everyday words that name a sent type
        channels = channel_words(facts, self.search, self.files, known.searched_channels, known.channel_names)
        yield self.search.naming(known.weak_files, channels)  # who publishes to them
        yield [self.by_module[m] for m in channel_constant_modules(facts, self.finder)]

    def _constants_holding(self, literals: set[str]) -> set[str]:
        """The constants bound to a sent type's literal anywhere (`STATUS = "status"`), each
        literal looked up once."""
        known = self.known
        new = Tokens(literals - known.searched_literals)
        for file in self.search.naming(self.files, new.literal_words()):
            known.defined_names |= new.defined_names(self.read(file)) - set(self.settings.message_type_keys)
        known.searched_literals |= new.literals
        return known.defined_names

    def _helper_callers(self, facts: list[PythonFacts], tokens: Tokens, type_words: frozenset[bytes]) -> tuple[list[SourceFile], bool]:
        """(the files calling helpers new this round, whether any helper is new): they are
        extracted again, their skeletons keeping the calls."""
        known = self.known
        surface, carriers = helper_names(facts, tokens)
        forwarded = {call.name for _, call in carrying_calls(facts, tokens)}
        new_surface = surface - known.hints
        new_carriers = carriers - known.hints - known.carrier_hints - surface
        callers = self.search.by_word(self.files, {n.encode() for n in new_surface | new_carriers})
        found: list[SourceFile] = []
        for name in sorted(new_surface):  # callers decide liveness; a name used everywhere is live by its text
            calling = callers.get(name.encode(), [])
            found += calling if len(calling) <= self.rare else []
        # A carrier broadcasts what it is handed: only a caller naming a sent type can hand it
        # one (a caller that forwards its own parameters is reached forward, from the files
        # naming the type). A generic one called all over an app (`emit(event)`) only through
        # words unlikely to appear by chance.
        for name in sorted(new_carriers):
            calling = callers.get(name.encode(), [])
            found += self.search.naming(calling, tokens.words() if len(calling) <= self.rare else type_words)
        # a project helper that declares routes for its callers (`register_socket(app, path, handler)`):
        # its callers hold the paths and handlers
        wrappers = route_wrappers(facts) - known.hints
        for calling in self.search.by_word(self.files, {f"{n}(".encode() for n in wrappers}).values():
            found += calling
        new_surface |= wrappers
        new_forwarded = forwarded - known.hints - new_surface
        known.hints |= new_surface | new_forwarded  # a file extracted with fewer hints is extracted again
        known.carrier_hints |= new_carriers
        return found, bool(new_surface or new_carriers or new_forwarded)
