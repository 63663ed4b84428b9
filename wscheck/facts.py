"""Facts: the frozen, picklable values that per-file extraction returns and the model joins.

Nothing here holds a parser node, so facts can be cached on disk and cross process
boundaries. Values that depend on other files (an imported constant, a helper's
parameter) stay symbolic (`Ref`, `Param`) until the model resolves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

# The value algebra lives in wscheck.values; facts re-export it for the extractors.
from wscheck.values import (  # noqa: F401
    Arith, Bool, Conditional, Glob, Instance, Message, Num, Obj, OneOf, Opaque, Param, Ref, Str, Template, Value,
    contains_param, iter_values,
)


@dataclass(frozen=True, order=True)
class Location:
    file: str  # relative POSIX path, as displayed
    line: int  # 1-based
    column: int = 1  # 1-based


class Role(str, Enum):
    SERVER = "server"
    CLIENT = "client"
    TEST = "test"
    DOC = "doc"
    CONFIG = "config"  # tsconfig.json / jsconfig.json / package.json: module resolution, not code


# --- Server (Python) facts ---------------------------------------------------------


class EmitKind(str, Enum):
    SEND = "send"  # to the endpoint's own socket
    BROADCAST = "broadcast"  # to many: a broadcast call or a fan-out loop


class LoopKind(str, Enum):
    NONE = "none"
    PUSH = "push"  # a loop that does not wait for the client: the server pushes
    RECEIVE = "receive"  # a loop that awaits the client's messages


@dataclass(frozen=True, kw_only=True)
class CallSite:
    """A call inside a function, as the model needs it: what is called, with which
    arguments, and where it stands among the function's loops and try blocks."""

    name: str  # the bare called name: "send_json", "broadcast", "notify"
    target: "Value | None"  # what the called expression names (a Ref when it may be a project function)
    args: tuple[Value, ...]  # positional
    kwargs: tuple[tuple[str, Value], ...]
    location: Location
    loop: LoopKind = LoopKind.NONE
    guarded: bool = False  # inside a try/except within the loop
    loop_sleeps: bool = False  # the enclosing loop sleeps between rounds: a polling-style pusher
    annotated_types: tuple[str, ...] = ()  # from `# wscheck: broadcasts=a,b` on the line


# the keywords a send or broadcast may pass its message by (`send(text_data=...)`)
PAYLOAD_KEYWORDS = ("message", "data", "payload", "event", "msg", "text_data", "content")


@dataclass(frozen=True, kw_only=True)
class Emit(CallSite):
    """A send or broadcast call; the model works out which argument carries the message
    type (see model.server.message_types)."""

    kind: EmitKind
    channel_first: bool = False  # pub/sub form `publish(channel, message)`
    structured: bool = False  # sends JSON whatever its argument is (`send_json`), not plain text
    named_event: bool = False  # Socket.IO `emit("event", data)`: the first argument is the message type
    handler_typed: bool = False  # Channels `group_send`: the type names a handler method of the receiving consumers
    reply: bool = False  # a send after a receive in the same function: it answers the client (a handshake)
    audience_first: bool = False  # websockets `broadcast(connections, message)`: the message comes second


@dataclass(frozen=True, kw_only=True)
class Call(CallSite):
    """A call to something that may be a project helper; resolved in the model."""

    registers: bool = False  # named like registering a socket (`manager.connect(websocket)`)
    joins: "Value | None" = None  # the group or room it joins (`group_add(group, ...)`, `enter_room(sid, room)`)
    fan_out: bool = False  # made on each element a loop walks: `for client in clients: client.on_output(text)`


@dataclass(frozen=True)
class SilentExcept:
    """An `except` that swallows the error: `pass`, `continue`, or a log line without it."""

    location: Location
    caught: str  # "Exception", "bare except", ...
    how: str  # what it does instead of reporting


class HandlerRole(str, Enum):
    """What a method of a framework's socket class is for (a Channels consumer, a Socket.IO namespace)."""

    ENTRY = "entry"  # runs once per connection: `connect`, `on_connect`, `on_accept`
    MESSAGE = "message"  # runs for each client message: `receive`, `on_<event>`, `on_receive`


@dataclass(frozen=True)
class Function:
    qualname: str  # "pkg.mod:Class.method"
    location: Location
    params: tuple[str, ...]  # including self/cls
    is_method: bool
    emits: tuple[Emit, ...]
    calls: tuple[Call, ...]
    silent_excepts: tuple[SilentExcept, ...] = ()
    decorated: bool = False  # registered by a decorator (a route, a startup hook, a task)
    receives: bool = False  # waits for the socket's messages (`receive_json()`, `async for m in ws.iter_text()`)
    role: HandlerRole | None = None  # set on the methods of a framework's socket class
    opens_socket: bool = False  # creates the framework's socket itself (aiohttp `WebSocketResponse()`)

    @property
    def name(self) -> str:
        """The bare name it is called by: `notify` for "app.realtime:Service.notify"."""
        return self.qualname.rsplit(":", 1)[-1].rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Symbol:
    """A module- or class-level binding: `NAME = value`, `Class.ATTR = value`."""

    name: str  # dotted within the module
    value: Value
    location: Location


# A framework socket class's own subscriptions (Channels `groups = ["lobby"]`), recorded
# as the symbol `<Class>.<joins>` holding the group names.
JOINS_SYMBOL = "<joins>"
# `super().connect()` in a method of `Cls`: the call's target is `Cls.<super>.connect`, the
# `connect` of the nearest base that has one (model.python_index).
SUPER = "<super>"


@dataclass(frozen=True)
class ClassDef:
    name: str
    bases: tuple[Value, ...]
    location: Location
    framework_bases: tuple[int, ...] = ()  # indexes of the bases that are a framework's own socket class


class Framework(str, Enum):
    FASTAPI = "fastapi"
    STARLETTE = "starlette"
    CHANNELS = "channels"  # Django Channels
    SOCKETIO = "socketio"  # python-socketio and Flask-SocketIO
    AIOHTTP = "aiohttp"
    LITESTAR = "litestar"
    TORNADO = "tornado"
    WEBSOCKETS = "websockets"  # the `websockets` library's own server
    QUART = "quart"
    FLASK_SOCK = "flask-sock"
    SANIC = "sanic"


# The methods a framework calls on its socket classes, by role, for frameworks whose socket
# class says what it is by its base alone (Tornado's `WebSocketHandler`): the extractor marks
# them in the classes it sees derive from one, the model (model.socket_classes) in the classes
# deriving from one through a project base class of another module.
CALLBACK_ROLES: dict[Framework, dict[str, HandlerRole]] = {
    Framework.TORNADO: {
        "open": HandlerRole.ENTRY, "on_close": HandlerRole.ENTRY,
        "on_message": HandlerRole.MESSAGE, "on_ping": HandlerRole.MESSAGE, "on_pong": HandlerRole.MESSAGE,
    },
}


@dataclass(frozen=True)
class EndpointDecl:
    """A WebSocket route as declared: the path on its router, not yet prefixed."""

    path: Value
    router: Value | None  # the router/app object the route is attached to
    handler: Value  # Ref to the handler function (or class)
    location: Location  # the `def`/class line
    framework: Framework
    mount_prefix: Value | None = None  # Starlette `Mount("/p", routes=[...])` around it
    first_line: int = 0  # the first decorator's line, for suppressions written above it
    entries: tuple[Value, ...] = ()  # more handlers run once per connection (Socket.IO `disconnect`)
    receivers: tuple[Value, ...] = ()  # handlers run for each client message (Socket.IO events)


@dataclass(frozen=True)
class Handshake:
    """A place that accepts or upgrades a WebSocket (a consumer or handler class, a function
    that accepts or opens the socket), recorded whether or not a route to it is followed:
    the model lists one no route reaches as an endpoint with an unresolved path."""

    handler: Ref  # the function or class that serves the socket
    location: Location  # its `def`/class line
    framework: Framework


RETURNED = ".return"  # `make_router.return`: the router a factory function returns (no Python name can say `return`)


@dataclass(frozen=True)
class RouterDecl:
    """`router = APIRouter(prefix=...)`, `app = FastAPI()`, `Mount('/p', routes=[...])`."""

    ref: Ref
    prefix: Value | None
    location: Location
    is_app: bool = False  # FastAPI()/Starlette(): the root, never included anywhere


@dataclass(frozen=True)
class RouterInclude:
    """`parent.include_router(child, prefix=...)`."""

    parent: Value
    child: Value
    prefix: Value | None
    location: Location
    each: bool = False  # `for router in ROUTERS: app.include_router(router)`: child is the collection
    mount: bool = False  # `app.mount("/api", app=api_app)`: a sub-application (often not a router at all)
    overrides: bool = False  # `register_blueprint(bp, url_prefix=...)`: the prefix replaces the blueprint's own


@dataclass(frozen=True)
class RouterGroup:
    """`ROUTERS = [events.router, logs.router]`: a module-level collection of names that a
    loop may include one by one."""

    ref: Ref
    members: tuple[Value, ...]
    location: Location


@dataclass(frozen=True)
class PythonFacts:
    path: str
    module: str  # dotted module name derived from the path
    role: Role
    imports: tuple[tuple[str, Ref], ...]  # local alias -> what it names
    symbols: tuple[Symbol, ...]
    classes: tuple[ClassDef, ...]
    functions: tuple[Function, ...]
    endpoints: tuple[EndpointDecl, ...]
    routers: tuple[RouterDecl, ...]
    includes: tuple[RouterInclude, ...]
    suppressions: tuple["Suppression", ...] = ()
    router_groups: tuple[RouterGroup, ...] = ()
    whole: bool = False  # read from the whole text, not a skeleton: no hint can add to these facts
    handshakes: tuple[Handshake, ...] = ()
    # valid Python that libcst cannot read: these facts are the stdlib `ast`'s (imports and
    # module-level names, see extract.server.ast_facts), and this says why (a WS001)
    unread: "ParseFailure | None" = None


# --- Client (TS/JS/Vue) facts --------------------------------------------------------


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


# --- Either language -----------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    """`# wscheck: ignore[WS101]` (codes empty = all) on `line`; a comment alone on its line
    also covers the next line."""

    line: int
    codes: tuple[str, ...]
    own_line: bool = True

    def covers(self, line: int) -> bool:
        return line == self.line or (self.own_line and line == self.line + 1)


@dataclass(frozen=True)
class ParseFailure:
    path: str
    location: Location
    reason: str
    valid_python: bool = False  # CPython reads it, the parser wscheck uses does not: a lesser WS001


FileFacts = Union[PythonFacts, ClientFacts, TsConfig, PackageManifest, ParseFailure]


# --- Walking facts -------------------------------------------------------------------


def _facts_values(facts: "PythonFacts | ClientFacts"):
    if isinstance(facts, PythonFacts):
        for symbol in facts.symbols:
            yield symbol.value
        for cls in facts.classes:
            yield from cls.bases
        for function in facts.functions:
            for item in (*function.emits, *function.calls):
                yield from item.args
                yield from (v for _, v in item.kwargs)
        for endpoint in facts.endpoints:
            yield from (endpoint.path, endpoint.router, endpoint.handler, endpoint.mount_prefix)
            yield from (*endpoint.entries, *endpoint.receivers)
        for router in facts.routers:
            yield router.prefix
        for include in facts.includes:
            yield from (include.parent, include.child, include.prefix)
        for group in facts.router_groups:
            yield from group.members
    else:
        yield from (v for _, v in facts.constants)
        yield from (s.url for s in facts.sockets)
        yield from (p.interval for p in facts.polling)
        for call in facts.calls:
            yield call.callee
            yield from call.args
        for function in facts.functions:
            yield from (p.default for p in function.params)
            yield from function.fetches
            yield from (v for _, v in function.returns)
        yield from (v for p in facts.polling for v in (p.query_key, p.resource, p.fetcher, p.passed_to))
        yield from (v for call in facts.calls for _, v in call.callbacks)
        for timer in facts.socket_timers:
            yield from (timer.interval, *timer.messages, *timer.sockets)
        yield from (v for function in facts.functions for v in function.sends)


def refs_in(facts: "PythonFacts | ClientFacts"):
    """Every `Ref` in the values a file's facts hold: the modules needed to resolve them.
    Server callees are left out on purpose: a helper that carries a message type is found
    by its own text (it sends or broadcasts, or calls a helper that does)."""
    for value in _facts_values(facts):
        for inner in iter_values(value):
            if isinstance(inner, Ref):
                yield inner
