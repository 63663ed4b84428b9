"""Entities: the joined project model that rules, the checklist and reporters read."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from enum import Enum

from wscheck.facts import Framework, HandledType, Location, LoopKind, ParseFailure, PollingKind


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
    reply: bool = False  # sent after a receive in the same function, outside loops: a handshake reply


class Unresolvable(str, Enum):
    """What part of the contract a WS002 could not resolve."""

    BROADCAST = "broadcast"
    SEND = "send"
    ROUTER_PREFIX = "router prefix"
    INCLUDE_PREFIX = "include_router prefix"
    ENDPOINT_PATH = "endpoint path"
    MOUNT_PREFIX = "Mount prefix"
    SOCKET_URL = "socket URL"
    ROUTE = "route"  # a socket handler no recognised route reaches

    @property
    def is_message_type(self) -> bool:
        return self in (Unresolvable.BROADCAST, Unresolvable.SEND)


@dataclass(frozen=True)
class UnresolvedSite:
    location: Location
    what: Unresolvable
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


@dataclass(frozen=True)
class Subscription:
    """A channel an endpoint's code subscribes to and waits on (model.channels): a pub/sub
    channel (`broadcast.subscribe(channel=...)`, Redis `subscribe`), a Channels group
    (`group_add`, `groups = [...]`) or a Socket.IO room (`enter_room`, `join_room`)."""

    channel: MessageType | None  # a name or glob (`chat_*`); None: not resolved, or an event bus (not judged)
    location: Location


@dataclass(frozen=True)
class Publication:
    """A publish to a channel (model.channels): a pub/sub publish, a Channels `group_send`,
    a Socket.IO broadcast to a room (or to every socket: `*`)."""

    channel: MessageType | None  # None: the channel could not be resolved
    location: Location
    function: str = ""  # the function it is made in (qualname)
    live: bool = True  # False: that function is never called, started or registered anywhere


@dataclass(frozen=True)
class MissingHandler:
    """A Channels `group_send` whose type no method of the group's consumers handles (WS103)."""

    location: Location  # the group_send (or the helper call that makes it)
    type: str  # "chat.message"
    method: str  # "chat_message"
    consumers: tuple[str, ...]  # the consumer classes that lack it
    group: str | None


@dataclass(frozen=True)
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
    data_types: tuple[MessageType, ...] = ()  # its message types less the control types (set by the model)
    receives: bool = False  # its handler, or a helper it calls, waits for the client's messages
    subscriptions: tuple[Subscription, ...] = ()  # channels, groups and rooms it subscribes to (model.channels)
    routed: bool = True  # False: a socket handler no recognised route reaches; its path is unknown

    @property
    def message_types(self) -> tuple[MessageType, ...]:
        return tuple(sorted({s.type for s in self.sends}))

    @property
    def label(self) -> str:
        """The path as shown to a reader: an unrouted endpoint says so."""
        return self.path if self.routed else f"{self.path} (no route found to {self.function})"


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
    binding: str | None = None  # outside a function: the module-level const or class that holds it
    provides: tuple[tuple[str, str], ...] = ()  # (app-wide handle, the app's directory) it is installed as
    # held by a binding or installed app-wide: the (module, function) of the code using it
    users: tuple[tuple[str, str | None], ...] = ()

    @property
    def hook(self) -> tuple[str, str | None]:
        """What its users are found by (`Project.usages`): its function, else its binding."""
        return (self.module, self.function if self.function is not None else self.binding)


class SocketTimerKind(str, Enum):
    PULL = "pull"  # asks the server for data over the socket (`{type: "get_status"}`)
    KEEP_ALIVE = "keep-alive"  # a ping or heartbeat
    UNKNOWN = "unknown"  # sends something wscheck could not read


@dataclass(frozen=True)
class SocketTimer:
    """A client timer that sends over a socket, not HTTP: listed by the map, never polling."""

    kind: SocketTimerKind
    location: Location
    interval_ms: float | None  # None: could not be resolved
    message_types: tuple[str, ...]  # what it sends, where visible
    module: str
    function: str | None
    socket_modules: tuple[str, ...] = ()  # other modules holding the socket it sends on


@dataclass(frozen=True)
class Polling:
    kind: PollingKind
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
    by_name: bool = False  # a polling-named option passed to a function that could not be followed


@dataclass(frozen=True)
class Usage:
    """A UI component module that uses a socket-opening hook or module."""

    location: Location
    module: str


@dataclass(frozen=True)
class SilentClientHandler:
    location: Location
    event: str  # "onerror", "close", ...


@dataclass(frozen=True)
class Inventory:
    """How many files of each role the scan found."""

    files_scanned: int = 0
    server_files: int = 0
    client_files: int = 0
    test_files: int = 0
    doc_files: int = 0


@dataclass(frozen=True)
class Project:
    """The whole app's WebSocket contract, built once by `model.project.build_project`."""

    endpoints: tuple[Endpoint, ...] = ()
    broadcasts: tuple[BroadcastSite, ...] = ()
    unresolved: tuple[UnresolvedSite, ...] = ()
    unguarded_loops: tuple[LoopSite, ...] = ()
    silent_errors: tuple[SilentError, ...] = ()
    broadcast_receivers: tuple[tuple[str, str] | None, ...] = ()  # None: unknown
    publications: tuple[Publication, ...] = ()  # publishes, group sends, room broadcasts, with their channels (model.channels)
    missing_handlers: tuple[MissingHandler, ...] = ()  # group_send types no consumer handles (WS103)
    sockets: tuple[ClientSocket, ...] = ()
    endpoint_sockets: dict[str, tuple[ClientSocket, ...]] = field(default_factory=dict)  # by endpoint path
    polling: tuple[Polling, ...] = ()
    socket_timers: tuple[SocketTimer, ...] = ()  # timers that send over a socket (the map's, not polling)
    handled_types: tuple[HandledType, ...] = ()
    client_mentions: frozenset[str] = frozenset()  # broadcast types named in client code
    silent_client_handlers: tuple[SilentClientHandler, ...] = ()
    failures: tuple[ParseFailure, ...] = ()
    apps: tuple[Location, ...] = ()  # FastAPI()/Starlette() declarations seen
    failed_mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> unreadable server files naming it
    usages: dict[tuple[str, str | None], list[Usage]] = field(default_factory=dict)
    socket_modules: frozenset[str] = frozenset()  # client modules that open, wrap or call a socket
    # (module, name) of the types whose `type: 'T'` fields describe a socket's messages
    # (model.socket_types); None: no client socket is known, so any message-like one may
    socket_types: frozenset[tuple[str, str]] | None = None
    test_mentions: dict[str, Location] = field(default_factory=dict)
    doc_mentions: dict[str, Location] = field(default_factory=dict)
    inventory: Inventory = Inventory()
    import_notes: tuple[str, ...] = ()  # how client path aliases were resolved (`--verbose`)

    # The counts reporters print, read through the inventory.
    @property
    def files_scanned(self) -> int:
        return self.inventory.files_scanned

    @property
    def server_files(self) -> int:
        return self.inventory.server_files

    @property
    def client_files(self) -> int:
        return self.inventory.client_files

    @property
    def test_files(self) -> int:
        return self.inventory.test_files

    @property
    def doc_files(self) -> int:
        return self.inventory.doc_files
