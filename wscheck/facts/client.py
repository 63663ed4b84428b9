"""Client facts: what one TS/JS/Vue file does (sockets, polling, calls, functions), and tsconfig.json."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from wscheck.facts.common import Location, Role, Suppression
from wscheck.values import Ref, Value


class PollingKind(str, Enum):
    REFETCH_INTERVAL = "refetchInterval"  # TanStack Query (React, Vue, Svelte, Solid)
    REFRESH_INTERVAL = "refreshInterval"  # SWR
    POLL_INTERVAL = "pollInterval"  # Apollo Client
    START_POLLING = "startPolling"  # Apollo Client
    POLLING_INTERVAL = "pollingInterval"  # RTK Query
    SET_INTERVAL = "setInterval"  # a timer whose callback fetches
    SET_TIMEOUT = "setTimeout"  # a recursive timer whose function fetches
    RXJS_INTERVAL = "interval"  # RxJS interval()/timer() piped into an HTTP call


class Belief(str, Enum):
    """Why a polling site is believed."""

    SEEN = "seen"  # a data library's option or call, a timer: the polling is in sight
    FORWARDED = "forwarded"  # a wrapper passes its options on to a data library: its call sites poll
    BY_NAME = "by-name"  # a polling-named option passed to a call that could not be followed


@dataclass(frozen=True)
class PollingSite:
    kind: PollingKind
    interval: Value  # may be Conditional(...) for fallback polling
    location: Location  # the property or call
    function: str | None  # enclosing top-level function name
    global_default: bool  # inside `new QueryClient({defaultOptions: ...})`
    query_key: "Value | None" = None  # the first element of `queryKey`
    resource: "Value | None" = None  # what `queryFn` fetches: a URL, or the function it calls
    # The interval with the enclosing function's parameters left as `Param`s (None when it
    # names none): a polling hook's call sites resolve it with their own arguments.
    parametric: "Value | None" = None
    # Timers only: what shows the callback fetches. None: it does (or the option implies
    # HTTP); a `Ref`: only if that project function fetches; a `Param`: decided by what
    # the hook's call site passes.
    fetcher: "Value | None" = None
    belief: Belief = Belief.SEEN
    # An option passed to a project function (`useList(params, { refreshInterval })`): the
    # model follows it there, and a by-name site is dropped when it can.
    passed_to: "Ref | None" = None
    passed_at: "Location | None" = None  # that call, where the model moves what it follows


@dataclass(frozen=True)
class SocketTimer:
    """A timer whose callback sends over a socket, not HTTP (`ws.send(JSON.stringify({type:
    "get_status"}))`, `socket.emit("ping")` every few seconds): a pull over the socket or a
    keep-alive, which the map lists and no rule flags."""

    kind: PollingKind  # SET_INTERVAL, or SET_TIMEOUT for a function re-arming itself
    interval: Value
    location: Location  # the timer call
    function: str | None  # enclosing top-level function name
    messages: tuple[Value, ...]  # what each send carries: the payload, or `Message(event)` for an emit
    sockets: tuple[Ref, ...] = ()  # the sockets sent on, where another project module holds them


@dataclass(frozen=True)
class SocketSite:
    constructor: str  # "WebSocket", "useWebSocket", "io", "VueNativeSock", "SocketIoModule", ...
    url: Value
    location: Location
    function: str | None  # enclosing top-level function name
    # Outside a top-level function: the module-level name that holds the socket (the
    # `const` it is bound to, the class whose code opens it, `default`), through which
    # other modules reach it.
    binding: str | None = None
    # App-wide handles it is installed as (`$socket`, the `sockets` component option,
    # `inject:socket`, `ngx-socket-io:Socket`): components reach it through those.
    provides: tuple[str, ...] = ()


# SocketUse targets of this module name an app-wide handle rather than a module's binding.
APP_HANDLE = "app:"


@dataclass(frozen=True)
class SocketUse:
    """A place that uses a module-level binding of a project module without calling it
    (`socket.on(...)` on an imported `socket`, a service a constructor injects, `createContext(socket)`),
    or an app-wide handle (`this.$socket`, a `sockets:` component option, Nuxt's `$socket`)."""

    target: Ref  # Ref(module, name) as imported, or Ref(APP_HANDLE, handle)
    location: Location
    holder: str | None  # the enclosing top-level function, class or const


@dataclass(frozen=True)
class Provide:
    """A binding made reachable app-wide: `app.provide('socket', socket)`,
    `app.config.globalProperties.$socket = socket`, `Vue.use(VueSocketIOExt, socket)`."""

    handles: tuple[str, ...]
    value: Value  # a Ref to the binding provided
    location: Location


@dataclass(frozen=True)
class ClientParam:
    """A parameter of a client function; `property` is set for a destructured one
    (`function useWs({url, interval = 3000})`: index 0, property "url")."""

    index: int
    name: str
    property: str | None
    default: Value | None


@dataclass(frozen=True)
class ClientFunction:
    name: str
    location: Location
    params: tuple[ClientParam, ...]
    exported: bool
    fetches: tuple["Value", ...] = ()  # URLs of fetch-like calls in its body
    # Function members of the object it returns, with what calling each shows (fetching's
    # verdicts): `const { doFetch } = useOrdersApi()` on a timer is judged by them.
    returns: tuple[tuple[str, "Value"], ...] = ()
    sends: tuple["Value", ...] = ()  # what its body sends over a socket (as `SocketTimer.messages`)


@dataclass(frozen=True)
class ClientCall:
    """A call of a named function: `useReliableWebSocket({url: ...})`."""

    callee: Ref  # resolved through this module's imports; same module if local
    args: tuple[Value, ...]
    location: Location
    function: str | None  # enclosing top-level function name
    # (argument index, verdict) for callback arguments: Bool(True) when the callback
    # fetches, Bool(False) when it visibly does not, a Ref when it calls a project function
    callbacks: tuple[tuple[int, "Value"], ...] = ()


class HandledKind(str, Enum):
    COMPARISON = "comparison"  # `msg.type === 'T'`
    CASE = "case"  # `case 'T':` of a switch on the type
    TYPE = "type"  # `type: 'T'` in an interface or type alias
    LISTENER = "listener"  # `socket.on('T', ...)`


@dataclass(frozen=True)
class HandledType:
    name: str
    location: Location
    kind: HandledKind = HandledKind.COMPARISON
    container: str | None = None  # the interface or type alias of a `type: 'x'` field
    function: str | None = None  # enclosing top-level function (the hook whose handler it is)


@dataclass(frozen=True)
class EmptyHandler:
    """`ws.onerror = () => {}`: a socket failure handler that does nothing."""

    event: str
    location: Location


@dataclass(frozen=True)
class ClientFacts:
    path: str
    module: str  # path without extension, for import resolution
    role: Role
    imports: tuple[tuple[str, Ref], ...]  # local name -> Ref(module spec, exported name)
    constants: tuple[tuple[str, Value], ...]  # top-level const bindings
    functions: tuple[ClientFunction, ...]
    calls: tuple[ClientCall, ...]
    sockets: tuple[SocketSite, ...]
    polling: tuple[PollingSite, ...]
    handled_types: tuple[HandledType, ...]
    renders_jsx: bool
    suppressions: tuple["Suppression", ...] = ()
    empty_handlers: tuple[EmptyHandler, ...] = ()
    # `export * from './useOrders'` (a barrel): each module whose exports this one passes on
    star_exports: tuple[Ref, ...] = ()
    uses: tuple[SocketUse, ...] = ()
    provides: tuple[Provide, ...] = ()
    socket_timers: tuple[SocketTimer, ...] = ()


@dataclass(frozen=True)
class TsConfig:
    """What a tsconfig.json / jsconfig.json says about module resolution, as written: paths
    relative to the file, `extends` and `references` unresolved (the model follows them)."""

    path: str
    base_url: str | None = None
    paths: tuple[tuple[str, tuple[str, ...]], ...] = ()  # pattern -> substitutions
    has_paths: bool = False  # `paths` is set (even empty: it then hides the extended one's)
    extends: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    include: tuple[str, ...] | None = None  # None: not set
    files: tuple[str, ...] | None = None
    problems: tuple[str, ...] = ()  # parts that were not understood and are ignored


@dataclass(frozen=True)
class PackageManifest:
    """What a package.json says about importing the package, as written: its name and where
    each entry leads (targets relative to the file, preferred condition first)."""

    path: str
    name: str | None = None
    entries: tuple[str, ...] = ()  # `source`, `module`, `main`, `types`…: the package's root entry
    exports: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # "." / "./hooks" / "./*" -> targets; None: not set
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()  # "#socket" / "#lib/*" -> targets (Node subpath imports)
    problems: tuple[str, ...] = ()  # parts that were not understood and are ignored
