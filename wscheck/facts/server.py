"""Server facts: what one Python file declares (endpoints, routers, sending functions, classes, names)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from wscheck.facts.common import Location, ParseFailure, Role, Suppression
from wscheck.values import Ref, Value


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
