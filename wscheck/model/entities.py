"""Entities: the joined project model that rules, the checklist and reporters read."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from wscheck.facts import Framework, HandledType, Location, LoopKind, ParseFailure


@dataclass(frozen=True, order=True)
class MessageType:
    name: str  # a literal, or a glob pattern when `glob`
    glob: bool = False

    def matches(self, other: "MessageType") -> bool:
        if not self.glob and not other.glob:
            return self.name == other.name
        if self.glob and not other.glob:
            return fnmatch.fnmatchcase(other.name, self.name)
        if other.glob and not self.glob:
            return fnmatch.fnmatchcase(self.name, other.name)
        return self.name == other.name

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class TypedSend:
    type: MessageType
    location: Location
    loop: LoopKind


@dataclass(frozen=True)
class UnresolvedSite:
    location: Location
    what: str  # "broadcast", "send", "router prefix", ...
    reason: str


@dataclass(frozen=True)
class BroadcastSite:
    location: Location
    types: tuple[MessageType, ...]
    channel: str | None
    function: str
    loop: LoopKind
    guarded: bool
    live: bool = True  # False: its function is never called, started or registered anywhere


@dataclass
class Endpoint:
    path: str
    declared_path: str
    location: Location
    function: str
    framework: Framework
    sends: tuple[TypedSend, ...] = ()
    pushes: tuple[Location, ...] = ()  # sends inside loops that do not wait for the client
    broadcasts: tuple[Location, ...] = ()  # broadcasts from a loop in its own code (a chat room)
    unresolved: tuple[UnresolvedSite, ...] = ()
    registrations: tuple[Location, ...] = ()  # `manager.connect(websocket)` and the like
    managers: tuple[tuple[str, str] | None, ...] = ()  # what it registers with, where known
    relayed_types: tuple[MessageType, ...] = ()  # types it broadcasts from its own loop
    first_line: int = 0  # its first decorator's line (suppressions above the decorators count)

    @property
    def message_types(self) -> tuple[MessageType, ...]:
        return tuple(sorted({s.type for s in self.sends}))


@dataclass(frozen=True)
class LoopSite:
    """A loop that broadcasts and sleeps, with no try/except inside it (WS106)."""

    location: Location
    function: str


@dataclass(frozen=True)
class SilentError:
    location: Location
    caught: str
    how: str
    function: str


@dataclass(frozen=True)
class ClientSocket:
    """A place where the client opens a socket, with the URL it connects to."""

    url: str | None  # a glob pattern (`*` for unknown parts), or None if unresolvable
    location: Location  # where the URL is given (a hook's call site, or the constructor)
    module: str
    function: str | None
    chain: tuple[tuple[str, str | None], ...]  # (module, function) of every wrapper on the way
    chain_location: Location | None = None  # the constructor inside the wrapper hook, if any


@dataclass(frozen=True)
class Polling:
    kind: str
    location: Location
    interval_ms: float | None  # None: could not be resolved
    conditional: bool  # only while something is false (the socket is down)
    global_default: bool
    module: str
    function: str | None
    condition: str | None = None
    instances: int = 1  # how many call sites run this hook: each polls on its own
    urls: tuple[str, ...] = ()  # what its queryFn fetches, as URL patterns
    query_key: str | None = None


@dataclass(frozen=True)
class Usage:
    """A UI component module that uses a socket-opening hook or module."""

    location: Location
    module: str


@dataclass(frozen=True)
class SilentClientHandler:
    location: Location
    event: str  # "onerror", "close", ...


@dataclass
class Project:
    endpoints: list[Endpoint] = field(default_factory=list)
    broadcasts: list[BroadcastSite] = field(default_factory=list)
    unresolved: list[UnresolvedSite] = field(default_factory=list)
    unguarded_loops: list[LoopSite] = field(default_factory=list)
    silent_errors: list[SilentError] = field(default_factory=list)
    broadcast_receivers: list[tuple[str, str] | None] = field(default_factory=list)  # None: unknown
    sockets: list[ClientSocket] = field(default_factory=list)
    polling: list[Polling] = field(default_factory=list)
    handled_types: list[HandledType] = field(default_factory=list)
    client_mentions: set[str] = field(default_factory=set)  # broadcast types named in client code
    silent_client_handlers: list[SilentClientHandler] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    usages: dict[tuple[str, str | None], list[Usage]] = field(default_factory=dict)
    test_mentions: dict[str, Location] = field(default_factory=dict)
    doc_mentions: dict[str, Location] = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # queries' memo, per run
    files_scanned: int = 0
    server_files: int = 0
    client_files: int = 0
    test_files: int = 0
    doc_files: int = 0
