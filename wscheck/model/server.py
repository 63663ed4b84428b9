"""Server model: endpoints with full paths and message types, and every broadcast site."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wscheck.config import Settings
from wscheck.facts import (
    PAYLOAD_KEYWORDS, EmitKind, EndpointDecl, Framework, Function, Glob, Location, LoopKind, Message, Opaque, Param, PythonFacts, Ref, Str, Value,
    iter_values,
)
from wscheck.model.channels import channel_value, publications, subscriptions
from wscheck.model.consumers import (
    ROLE_FRAMEWORKS, ChannelLayer, broadcast_channel, class_methods, declared_groups, endpoint_functions, endpoint_traces,
    joined, merge_namespaces, registers_socket,
)
from wscheck.model.entities import (
    BroadcastSite, Endpoint, LoopSite, MessageType, MissingHandler, Publication, SilentError, TypedSend, Unresolvable,
    UnresolvedSite,
)
from wscheck.model.evaluate import Outcome, Pending, Unresolved, evaluate
from wscheck.model.flows import Flows, Trace
from wscheck.model.handshakes import declared_routes, unrouted
from wscheck.model.instance_attrs import bound_lookup, class_of
from wscheck.model.socket_classes import socket_classes
from wscheck.model.python_index import PythonIndex
from wscheck.model.routes import Routes
from wscheck.model.urls import regex_path

@dataclass
class ServerModel:
    endpoints: list[Endpoint]
    broadcasts: list[BroadcastSite]
    unresolved: list[UnresolvedSite]
    unguarded_loops: list[LoopSite]
    silent_errors: list[SilentError]
    broadcast_receivers: list[tuple[str, str] | None]
    publications: list[Publication]
    missing_handlers: list[MissingHandler] = field(default_factory=list)


def build_server(modules: list[PythonFacts], settings: Settings, all_modules: list[str] | None = None) -> ServerModel:
    index = PythonIndex(modules, settings.message_type_keys, all_modules)
    flows = Flows(index)
    routes = Routes(index)
    layer = ChannelLayer(modules, index, flows, lambda trace, lookup: message_types(trace, settings, lookup))
    broadcasts, unresolved = _broadcast_sites(index, flows, settings, layer)
    sockets = socket_classes(index, modules)
    endpoints: list[Endpoint] = []
    handlers: list[Function] = []
    declared = declared_routes(modules, index, flows)
    for facts, decl in declared:
        found = _handler_functions(decl, facts, index)
        if decl.framework is Framework.AIOHTTP and not any(f.opens_socket for f in flows.reachable(found)):
            continue  # an HTTP route: its handler opens no WebSocketResponse, nor does what it calls
        if decl.framework is Framework.TORNADO and not _socket_class(decl, facts, index, sockets):
            continue  # an HTTP route: its handler is a RequestHandler
        if isinstance(decl.handler, (Opaque, Param)) and not decl.receivers and not decl.entries:  # `for path, handler in SOCKETS.items(): add_..._route(path, handler)`
            routes.text(decl.path, decl.location, Unresolvable.ENDPOINT_PATH)  # the handler's handshake stands for it
            continue
        handlers.extend(endpoint_functions(decl, found, index, facts.module))
        endpoints.extend(_endpoints(decl, facts, found, index, flows, routes, settings, unresolved))
    for facts, decl, site in unrouted(modules, index, declared):  # accepted sockets no route reaches: never silent
        found = _handler_functions(decl, facts, index)
        handlers.extend(endpoint_functions(decl, found, index, facts.module))
        endpoints.extend(replace(e, routed=False) for e in _endpoints(decl, facts, found, index, flows, routes, settings, unresolved))
        unresolved.append(site)
    unresolved.extend(routes.unresolved)
    unresolved.extend(_partial_coverage(broadcasts, endpoints))
    endpoints = list(dict.fromkeys(merge_namespaces(endpoints)))  # a class routed alike by several apps is one endpoint
    endpoints.sort(key=lambda e: (e.path, e.location))
    return ServerModel(
        endpoints, broadcasts, _dedupe_sites(unresolved), _unguarded_loops(index, flows),
        _silent_errors(index, flows, handlers), _broadcast_receivers(index, flows),
        publications(_bound_traces(index, flows, layer), channel_value),
        layer.missing,
    )


def _partial_coverage(broadcasts: list[BroadcastSite], endpoints: list[Endpoint]) -> list[UnresolvedSite]:
    """A broadcast whose type is only partly known (`f"{kind}_update"`) is taken to cover every
    type it fits; say which, so a generic relay cannot hide a missing broadcast silently."""
    sent = sorted({s.type for e in endpoints for s in e.sends if not s.type.glob})
    found = []
    for site in broadcasts:
        for pattern in (t for t in site.types if t.glob):
            covered = [t.name for t in sent if pattern.matches(t)]
            if covered:
                listed = ", ".join(covered[:4]) + (", …" if len(covered) > 4 else "")
                reason = f"the type is only partly known (`{pattern.name}`); it is taken to cover {listed}"
                found.append(UnresolvedSite(site.location, Unresolvable.BROADCAST, reason))
    return found


def _unguarded_loops(index: PythonIndex, flows: Flows) -> list[LoopSite]:
    found: dict[Location, LoopSite] = {}
    for function in index.functions.values():
        for trace in flows.traces(function):
            if (
                trace.emit.kind is EmitKind.BROADCAST and trace.loop is LoopKind.PUSH and trace.loop_sleeps
                and not trace.guarded and trace.loop_site is not None
            ):
                found.setdefault(trace.loop_site, LoopSite(trace.loop_site, function.qualname))
    return sorted(found.values(), key=lambda s: s.location)


def _silent_errors(index: PythonIndex, flows: Flows, handlers: list[Function]) -> list[SilentError]:
    """In WebSocket code: endpoint handlers and what they call, and anything that sends or
    broadcasts (connection managers, broadcast loops)."""
    websocket_code = {f.qualname: f for f in flows.reachable(handlers)}
    websocket_code.update({f.qualname: f for f in index.functions.values() if f.emits})
    found = [
        SilentError(s.location, s.caught, s.how, f.qualname)
        for f in websocket_code.values()
        for s in f.silent_excepts
    ]
    return sorted(set(found), key=lambda s: s.location)


def _broadcast_receivers(index: PythonIndex, flows: Flows) -> list[tuple[str, str] | None]:
    """The object each production broadcast goes through (`manager` in `manager.broadcast`)."""
    receivers: list[tuple[str, str] | None] = []
    for function in index.functions.values():
        for trace in flows.traces(function):
            own_params = any(p.function == function.qualname for p in _params_in(trace))
            if trace.emit.kind is EmitKind.BROADCAST and not trace.via and not own_params:
                receivers.append(_receiver(trace.emit.target, function, index))
        # `self.hub.broadcast(...)` followed into the one project method of that name: still a
        # broadcast through an object wscheck does not track
        receivers.extend(
            _receiver(e.target, function, index) for e in function.emits
            if e.kind is EmitKind.BROADCAST and flows.through_method(e, function)
        )
    return receivers  # a manager's own `broadcast(message)` method is not a broadcast until called


def _params_in(trace: Trace):
    return [v for value in (*trace.args, *(v for _, v in trace.kwargs)) for v in iter_values(value) if isinstance(v, Param)]


def _receiver(target: Value | None, function: Function, index: PythonIndex) -> tuple[str, str] | None:
    """Where the object a method is called on is defined, if it is a module-level object."""
    if not isinstance(target, Ref) or "." not in target.name:
        return None
    owner = Ref(target.module, target.name.rsplit(".", 1)[0])
    found = index.definition(owner, function.qualname.split(":", 1)[0])
    if found is None or found[1] not in index.modules[found[0]].symbols:
        return None  # `self.manager`: an attribute whose value we do not track
    return found


def message_types(trace: Trace, settings: Settings, lookup) -> tuple[list[MessageType], list[Pending], list[str]]:
    """(types, pending parameters, reasons it could not be resolved) for one emit."""
    emit = trace.emit
    if trace.annotated:
        return [MessageType(t, "*" in t) for t in trace.annotated], [], []
    args = list(trace.args)
    if emit.audience_first:  # `broadcast(connections, message)`: the connections are no message
        args = args[1:]
    if emit.channel_first:  # `publish(message)` or `publish(channel, message)`: the arguments decide
        positional_channel = args and channel_value(trace) is args[0]
        candidates = args[1:] if positional_channel else args
    else:
        candidates = args[:1] if emit.kind is EmitKind.SEND else args
    keyword_types = [v for k, v in trace.kwargs if k in settings.message_type_keys]
    keyword_payloads = [v for k, v in trace.kwargs if k in PAYLOAD_KEYWORDS]
    if emit.named_event:  # Socket.IO `emit("status_update", data)`: the event name is the type
        events = args[:1] or [v for k, v in trace.kwargs if k == "event"]
        outcomes = [o for value in events for o in evaluate(value, lookup)]
        types = [t for t in (_as_type(o) for o in outcomes) if t]
        # a typed payload on a generic event (`emit("message", {"type": "status_update"})`) carries its type too
        payloads = [o for value in args[1:2] + keyword_payloads for o in evaluate(value, lookup) if isinstance(o, Message)]
        for message in (m for m in payloads if m.type is not None):
            types += [t for t in (_as_type(o) for o in evaluate(message.type, lookup)) if t]
        return list(dict.fromkeys(types)), _pending(outcomes), _reasons(outcomes)
    evaluated = [evaluate(c, lookup) for c in candidates + keyword_payloads]
    messages = [o for outcomes in evaluated for o in outcomes if isinstance(o, Message)]
    type_values: list[Value] = [m.type for m in messages if m.type is not None] + keyword_types
    first = evaluated[0] if evaluated else []
    if not type_values:
        if emit.kind is EmitKind.SEND:
            if messages or not emit.structured:
                return [], [], []  # plain text, or a dict with no type key: not a typed message
            return [], _pending(first), _reasons(first)
        if channel_value(trace) is not None:
            return [], [], []  # `publish(channel, payload)`: the channel routes it, a string is payload (model.channels)
        # `emit("event", {...})` / `broadcast("status_update", data)`: the first string is the type
        types = [t for t in (_as_type(o) for o in first if isinstance(o, (Str, Glob))) if t]
        if types:
            return types, _pending(first), []
        # a broadcast-named call is never dropped without saying why (WS002)
        if messages:
            keys = "/".join(f"`{k}`" for k in settings.message_type_keys)
            return [], [], [f"the message has no {keys} key (see `message-type-keys`)"]
        reasons, pending = _reasons(first), _pending(first)
        if not reasons and not pending:
            reasons = ["the call has no message argument" if not candidates + keyword_payloads else "the message is neither a type name nor a dict with a type"]
        return [], pending, reasons
    types: list[MessageType] = []
    pending: list[Pending] = []
    reasons: list[str] = []
    for value in type_values:
        outcomes = evaluate(value, lookup)
        types.extend(t for t in (_as_type(o) for o in outcomes) if t)
        pending.extend(_pending(outcomes))
        reasons.extend(_reasons(outcomes))
    return types, pending, reasons


def _as_type(outcome: Outcome) -> MessageType | None:
    if isinstance(outcome, Str):
        return MessageType(outcome.text)
    if isinstance(outcome, Glob):
        return MessageType(outcome.pattern, glob=True)
    return None


def _pending(outcomes: list[Outcome]) -> list[Pending]:
    return [o for o in outcomes if isinstance(o, Pending)]


def _reasons(outcomes: list[Outcome]) -> list[str]:
    return [o.reason for o in outcomes if isinstance(o, Unresolved)]


def _broadcast_sites(index: PythonIndex, flows: Flows, settings: Settings, layer: ChannelLayer):
    sites: dict[tuple, BroadcastSite] = {}
    unresolved: list[UnresolvedSite] = []
    called = _called_helpers(index, flows)
    for function, trace, lookup in _bound_traces(index, flows, layer):
        if trace.emit.kind is not EmitKind.BROADCAST or trace.settled_below:
            continue  # a callee that already knew its types recorded the site itself
        types, pending, reasons = message_types(trace, settings, lookup)
        if any(p.param.function == function.qualname for p in pending):
            continue  # a helper: its callers say what it broadcasts
        if types and all(t.glob for t in types) and function.qualname in called and _own_params(trace, function):
            continue  # `f"{kind}_update"` in a helper its callers hand `kind`: they say which
        channel = broadcast_channel(trace, lookup)
        if trace.emit.handler_typed and types:  # Channels: what the handler methods send on
            types = layer.deliver(trace, types, channel)
        if types:
            key = (trace.site, tuple(sorted(set(types))))
            sites[key] = BroadcastSite(trace.site, key[1], channel, function.qualname, trace.loop, trace.guarded)
        elif reasons or pending:
            unresolved.append(UnresolvedSite(trace.site, Unresolvable.BROADCAST, _why_unresolved(reasons, pending)))
    return sorted(sites.values(), key=lambda s: (s.location, s.types)), unresolved


def _bound_traces(index: PythonIndex, flows: Flows, layer: ChannelLayer):
    """(function, trace, lookup) for every trace: a consumer's method once for each consumer
    class that runs it, `self` bound to that class (a base's `group_send(self.group_name, ...)`)."""
    for function in index.functions.values():
        for lookup in layer.lookups_for(function):
            for trace in flows.traces(function):
                yield function, trace, lookup


def _called_helpers(index: PythonIndex, flows: Flows) -> set[str]:
    """The functions some project code calls, by name or as a broadcast-named helper."""
    called: set[str] = set()
    for function in index.functions.values():
        for call in function.calls:
            callee = flows.callee(call, function)
            if callee is not None:
                called.add(callee.qualname)
        for emit in function.emits:
            helper = flows.helper_of(emit, function)
            if helper is not None:
                called.add(helper.qualname)
    return called


def _own_params(trace: Trace, function: Function) -> bool:
    return any(p.function == function.qualname for p in _params_in(trace))


def _why_unresolved(reasons: list[str], pending: list[Pending]) -> str:
    return reasons[0] if reasons else f"parameter `{pending[0].param.name}` is never given a constant"


def _socket_class(decl: EndpointDecl, facts: PythonFacts, index: PythonIndex, sockets: dict) -> bool:
    return isinstance(decl.handler, Ref) and index.definition(decl.handler, facts.module) in sockets


def _handler_functions(decl: EndpointDecl, facts: PythonFacts, index: PythonIndex) -> list[Function]:
    if not isinstance(decl.handler, Ref):
        return []
    function = index.function(decl.handler, facts.module)
    if function is not None:
        return [function]
    if decl.framework in ROLE_FRAMEWORKS or decl.framework is Framework.AIOHTTP:  # with what it inherits (a view's `get`)
        found = index.definition(decl.handler, facts.module)
        return class_methods(index, found) if found and found[1] in index.modules[found[0]].classes else []
    return index.class_methods(decl.handler, facts.module)  # a WebSocketEndpoint class


def _where(decl, facts, handlers, index) -> tuple[Location, str]:
    """Where an endpoint is reported, and by what name: its function's `def`, its class."""
    location, function_name = decl.location, _handler_text(decl.handler)
    is_function = isinstance(decl.handler, Ref) and index.function(decl.handler, facts.module) is not None
    if len(handlers) == 1 and is_function:  # a function: point at its `def`
        return handlers[0].location, handlers[0].name
    if handlers:  # a WebSocketEndpoint class: point at the class
        found = index.definition(decl.handler, facts.module)
        cls = index.modules[found[0]].classes.get(found[1]) if found else None
        return (cls.location if cls else location), (found[1] if found else function_name)
    return location, function_name


def _endpoints(decl, facts, handlers, index, flows, routes, settings, unresolved) -> list[Endpoint]:
    location, function_name = _where(decl, facts, handlers, index)
    sends: list[TypedSend] = []
    pushes = []
    own_broadcasts = []
    relayed: list[MessageType] = []
    problems: list[UnresolvedSite] = []
    cls = class_of(index, decl.handler, facts.module)
    lookup = bound_lookup(index, cls) if cls is not None else index.lookup  # `self.x` is the routed class's
    for trace in endpoint_traces(decl, handlers, index, flows, facts.module):
        if trace.emit.kind is EmitKind.BROADCAST:
            if trace.loop is not LoopKind.NONE:  # a chat room: relays in its own loop
                own_broadcasts.append(trace.site)
                relayed.extend(message_types(trace, settings, lookup)[0])
            continue
        types, pending, reasons = message_types(trace, settings, lookup)
        reply = trace.emit.reply and trace.loop is LoopKind.NONE
        sends.extend(TypedSend(t, trace.site, trace.loop, reply) for t in types)
        if trace.loop is LoopKind.PUSH:
            pushes.append(trace.site)
        if not types and (reasons or pending):
            problems.append(UnresolvedSite(trace.site, Unresolvable.SEND, _why_unresolved(reasons, pending)))
    unresolved.extend(problems)
    reached = flows.reachable(endpoint_functions(decl, handlers, index, facts.module))
    own = {h.qualname for h in handlers}
    registrations = [
        (call.location, _receiver(call.target, function, index))
        for function in reached
        for call in function.calls
        if registers_socket(decl.framework, call, function, own)
    ]
    receives = any(f.receives for f in reached)
    # groups and rooms joined, and pub/sub channels subscribed to: one kind of subscription (WS102)
    subscribed = tuple(dict.fromkeys(
        subscriptions(reached, lookup) + joined(reached, lookup)
        + declared_groups(index, decl.handler, facts.module)
    ))
    result = []
    for full_path, declared in routes.full_paths(decl, facts.module):
        if decl.framework is Framework.CHANNELS:  # Django routes are written without the leading slash
            full_path, declared = ("/" + p.lstrip("/") for p in (full_path, declared))
        elif decl.framework is Framework.TORNADO:  # a regex
            full_path, declared = regex_path(full_path), regex_path(declared)
        result.append(
            Endpoint(
                full_path, declared, location, function_name,
                decl.framework, tuple(dict.fromkeys(sends)), tuple(dict.fromkeys(pushes)),
                tuple(dict.fromkeys(own_broadcasts)), tuple(problems),
                tuple(dict.fromkeys(loc for loc, _ in registrations)), tuple(dict.fromkeys(m for _, m in registrations)),
                tuple(sorted(set(relayed))),
                decl.first_line or location.line,
                receives=receives,
                subscriptions=subscribed,
            )
        )
    return result


def _handler_text(handler: Value) -> str:
    if isinstance(handler, Ref):
        return handler.name
    return getattr(handler, "text", "?")


def _dedupe_sites(sites: list[UnresolvedSite]) -> list[UnresolvedSite]:
    return sorted(dict.fromkeys(sites), key=lambda s: (s.location, s.what))
