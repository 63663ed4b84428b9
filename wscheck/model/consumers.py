"""Consumers: the per-framework shape of an endpoint's code, and the channel layer.

Which of a handler class's methods run once per connection, which answer each client
message (Django Channels `receive`, Socket.IO `on_<event>`, Litestar `on_receive`, Tornado
`on_message`) and which push when something they were handed to calls them; the groups
and rooms an endpoint subscribes to (`group_add`, `enter_room`, `join_room`); and
what a Channels `group_send` delivers: its `type` names a handler method on the
consumers of that group (`chat.message` -> `chat_message`), and what that method sends
to each socket is what the broadcast carries. A type with no handler is WS103.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, fields, replace
from typing import Callable

from wscheck.facts import (
    JOINS_SYMBOL, Call, EmitKind, EndpointDecl, Framework, Function, Glob, HandlerRole, LoopKind, Param, PythonFacts, Ref, Str, Value,
    iter_values,
)
from wscheck.model.channels import channel_names, channel_value
from wscheck.model.entities import Endpoint, MessageType, MissingHandler, Subscription
from wscheck.model.evaluate import evaluate
from wscheck.model.flows import Flows, Trace
from wscheck.model.instance_attrs import bound_lookup
from wscheck.model.python_index import PythonIndex

# Frameworks whose handler classes have methods per role (see facts.HandlerRole); the
# Starlette `WebSocketEndpoint` class keeps every method, as before.
ROLE_FRAMEWORKS = frozenset({Framework.CHANNELS, Framework.SOCKETIO, Framework.LITESTAR, Framework.TORNADO})
PROTOCOL_TYPES = ("websocket.",)  # `websocket.send`, `websocket.close`: handled by Channels itself
# Calls that run a function handed to them once, soon or after a delay: a method handed to
# one (`io_loop.add_callback(self._async_open, token)`) is the deferred rest of the code that
# hands it over, not a callback pushing updates
RUN_ONCE = frozenset({
    "add_callback", "spawn_callback", "call_soon", "call_soon_threadsafe", "call_later", "call_at", "add_timeout",
    "run_in_executor", "add_future", "add_done_callback", "submit",
})


def text_of(value: Value | None, lookup) -> str | None:
    """A group, room or channel name as a pattern (`chat_*`), or None if unknown."""
    if value is None:
        return None
    outcomes = evaluate(value, lookup)
    texts = [o.text if isinstance(o, Str) else o.pattern for o in outcomes if isinstance(o, (Str, Glob))]
    return texts[0] if len(texts) == 1 and len(outcomes) == 1 else None


def channels_meet(a: str | None, b: str | None) -> bool:
    """Whether a broadcast to `a` can reach a subscription to `b` (unknown meets anything)."""
    if a is None or b is None:
        return True
    return a == b or fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a)


def class_methods(index: PythonIndex, cls: tuple[str, str], depth: int = 0) -> list[Function]:
    """A handler class's methods with those it inherits from project base classes (a
    `connect` written once in a `BaseConsumer`); the class's own override wins."""
    own = index.class_methods(Ref(*cls), cls[0])
    if depth > 8:
        return own
    names = {m.name for m in own}
    inherited = [m for base in index.bases(*cls) for m in class_methods(index, base, depth + 1) if m.name not in names]
    return own + list({m.name: m for m in reversed(inherited)}.values())[::-1]


def endpoint_traces(decl: EndpointDecl, handlers: list[Function], index: PythonIndex, flows: Flows, near: str) -> list[Trace]:
    """The traces of what an endpoint's own code sends and broadcasts; a per-message
    handler's traces stand in a receive loop (a reply, a relay), as in a FastAPI loop, and
    a callback method's in a push loop."""
    entry, per_message, pushing = handlers, [], []
    is_class = isinstance(decl.handler, Ref) and index.function(decl.handler, near) is None
    if decl.framework in ROLE_FRAMEWORKS and is_class:
        handed = callback_methods(handlers, flows)
        entry = [h for h in handlers if h.role is HandlerRole.ENTRY] + [h for h, once in handed if once]
        per_message = [h for h in handlers if h.role is HandlerRole.MESSAGE]
        entry += overrides_called(entry, handlers, index)
        per_message += overrides_called(per_message, handlers, index)
        pushing = [h for h, once in handed if not once]
    entry = entry + extra_functions(decl.entries, index, near)
    per_message = per_message + extra_functions(decl.receivers, index, near)
    traces = [t for h in entry for t in flows.traces(h)]
    for handlers_of, loop in ((per_message, LoopKind.RECEIVE), (pushing, LoopKind.PUSH)):
        for handler in handlers_of:
            traces += [replace(t, loop=loop) if t.loop is LoopKind.NONE else t for t in flows.traces(handler)]
    return traces


def overrides_called(callers: list[Function], methods: list[Function], index: PythonIndex) -> list[Function]:
    """The endpoint class's own overrides of the methods its inherited handlers call on
    `self` (a base's `connect` calling `self.on_open()`, which the routed class overrides):
    they run in the caller's role, where following the call alone reaches the base's."""
    own = {m.name: m for m in methods}
    found: list[Function] = []
    for caller in callers:
        owner = caller.qualname.split(":", 1)[1].rsplit(".", 1)[0]
        for call in caller.calls:
            target = call.target
            if not isinstance(target, Ref) or target.name != f"{owner}.{call.name}" or call.name not in own:
                continue
            base = index.function(target, caller.qualname.split(":", 1)[0])
            override = own[call.name]
            if (base is None or base.qualname != override.qualname) and override not in found and override not in callers:
                found.append(override)
    return found


def callback_methods(methods: list[Function], flows: Flows) -> list[tuple[Function, bool]]:
    """The methods of a handler class that its role methods hand to something to call later,
    and whether that runs them once (RUN_ONCE). Handed to anything else (`add_listener(
    listener=self.on_event)`, `PeriodicCallback(self.push_stats, 1000)`, `stream.on_recv(
    self.on_reply)`), what they send comes whenever that calls them: an update the socket did
    not ask for."""
    by_qualname = {m.qualname: m for m in methods}
    found: dict[str, tuple[Function, bool]] = {}
    for function in flows.reachable([m for m in methods if m.role is not None]):
        module = function.qualname.split(":", 1)[0]
        for call in function.calls:
            for value in (*call.args, *(v for _, v in call.kwargs)):
                for ref in (v for v in iter_values(value) if isinstance(v, Ref)):
                    method = flows.index.function(ref, module)
                    if method is not None and method.qualname in by_qualname and method.role is None:
                        once = call.name in RUN_ONCE and found.get(method.qualname, (None, True))[1]
                        found[method.qualname] = (method, once)  # handed to a subscription anywhere: it pushes
    return list(found.values())


def registers_socket(framework: Framework, call: Call, function: Function, handler_methods: set[str]) -> bool:
    """A call that registers the endpoint's socket with a manager (`manager.connect(websocket)`,
    `clients.append(ws)`): it is handed a parameter. In a Tornado handler's own methods the
    handler instance is the connection: `waiters.add(self)` registers it, `sent.append(message)` not."""
    if not call.registers:
        return False
    values = [v for a in call.args for v in iter_values(a)]
    if framework is Framework.TORNADO and function.qualname in handler_methods and function.params:
        return any(isinstance(v, Param) and v.name == function.params[0] for v in values)
    return any(isinstance(v, Param) for v in values)


def endpoint_functions(decl: EndpointDecl, handlers: list[Function], index: PythonIndex, near: str) -> list[Function]:
    """Every function the endpoint's own code starts from (for registrations and subscriptions)."""
    return handlers + extra_functions((*decl.entries, *decl.receivers), index, near)


def extra_functions(values: tuple[Value, ...], index: PythonIndex, near: str) -> list[Function]:
    found = [index.function(v, near) for v in values if isinstance(v, Ref)]
    return [f for f in found if f is not None]


def merge_namespaces(endpoints: list[Endpoint]) -> list[Endpoint]:
    """One endpoint per Socket.IO namespace, wherever its handlers are: an app that spreads
    the events of `/` over several modules has one socket, not one per module. The
    part that sends the initial data (the `connect` handler) gives the location, else the
    earliest; what each part sends and joins is pooled."""
    merged: dict[str, Endpoint] = {}
    out: list[Endpoint] = []
    initial_first = sorted(endpoints, key=lambda e: (not any(s.loop is LoopKind.NONE for s in e.sends), e.location))
    for endpoint in initial_first:
        if endpoint.framework is not Framework.SOCKETIO or not endpoint.routed:
            out.append(endpoint)
            continue
        first = merged.get(endpoint.path)
        if first is None:
            merged[endpoint.path] = endpoint
            continue
        pooled = {
            f.name: tuple(dict.fromkeys((*getattr(first, f.name), *getattr(endpoint, f.name))))
            for f in fields(Endpoint) if isinstance(getattr(first, f.name), tuple)
        }
        merged[endpoint.path] = replace(first, **pooled)
    return out + list(merged.values())


def joined(functions: list[Function], lookup) -> tuple[Subscription, ...]:
    """The groups and rooms an endpoint's code joins (`group_add`, `enter_room`, `join_room`):
    subscriptions like a pub/sub channel's (model.channels), so WS102 judges them alike."""
    found = []
    for function in functions:
        for call in function.calls:
            if call.joins is not None:
                found.extend(_named(call.joins, call.location, lookup))
    return tuple(dict.fromkeys(found))


def _named(value: Value, location, lookup) -> list[Subscription]:
    names = channel_names(value, lookup)
    if names is None:
        return [Subscription(None, location)]
    return [Subscription(name, location) for name in names]


def declared_groups(index: PythonIndex, handler: Value, near: str, depth: int = 0) -> tuple[Subscription, ...]:
    """The groups a handler class joins by declaration (`groups = ["lobby"]`), its bases' too."""
    found = index.definition(handler, near) if isinstance(handler, Ref) else None
    if found is None or found[1] not in index.modules[found[0]].classes or depth > 8:
        return ()
    module, name = found
    out: list[Subscription] = []
    for symbol in index.modules[module].facts.symbols:
        if symbol.name == f"{name}.{JOINS_SYMBOL}":
            out.extend(_named(symbol.value, symbol.location, index.lookup))
    for base in index.bases(module, name):
        out += declared_groups(index, Ref(*base), base[0], depth + 1)
    return tuple(dict.fromkeys(out))


def broadcast_channel(trace: Trace, lookup) -> str | None:
    """The audience of a broadcast: `group_send(group, ...)`, `publish(channel, ...)`, `emit(..., room=r)`."""
    return text_of(channel_value(trace), lookup)


@dataclass
class Consumer:
    module: str
    name: str  # the class, dotted within its module
    groups: tuple[Subscription, ...]
    open_ended: bool  # a base class wscheck cannot read, or a custom dispatch: may handle anything
    lookup: Callable  # values with `self` bound to an instance of this class (model.instance_attrs)
    runs: frozenset[str] = frozenset()  # the methods its instances run (its own, inherited, and what they call)


class ChannelLayer:
    """The Channels consumers of the project and the groups they join."""

    def __init__(self, modules: list[PythonFacts], index: PythonIndex, flows: Flows, types_of: Callable[[Trace, Callable], tuple]):
        self.index, self.flows, self.types_of = index, flows, types_of
        self.consumers: list[Consumer] = []
        self.missing: list[MissingHandler] = []
        called = self._handlers_called()
        for facts in modules:
            for decl in facts.endpoints:
                if decl.framework is not Framework.CHANNELS or not isinstance(decl.handler, Ref):
                    continue
                found = index.definition(decl.handler, facts.module)
                if found is None or found[1] not in index.modules[found[0]].classes:
                    continue
                methods = class_methods(index, found)
                reached = flows.reachable(methods)
                open_ended = any(m.name in ("dispatch", "__getattr__") for m in methods) or self._unknown_base(found)
                lookup = bound_lookup(index, found)  # a base's `group_add(self.group_name, ...)` joins this class's group
                groups = tuple(dict.fromkeys(joined(reached, lookup) + declared_groups(index, decl.handler, facts.module)))
                # what its instances run: what Channels calls (the role methods, the handlers some
                # group_send names), and what those call
                entries = [m for m in methods if m.role is not None or called is None or m.name in called]
                runs = frozenset(f.qualname for f in flows.reachable(entries) if f.is_method)
                consumer = Consumer(found[0], found[1], groups, open_ended, lookup, runs)
                if all((c.module, c.name) != (consumer.module, consumer.name) for c in self.consumers):
                    self.consumers.append(consumer)

    def _handlers_called(self) -> set[str] | None:
        """The handler methods the project's group_sends name (`chat.message` -> `chat_message`);
        None when one of their types cannot be read: it may name any."""
        names: set[str] = set()
        for function in self.index.functions.values():
            for trace in self.flows.traces(function):
                if trace.emit.handler_typed:
                    types, pending, reasons = self.types_of(trace, self.index.lookup)
                    if any(p.param.function == function.qualname for p in pending):
                        continue  # a helper handed its type: its callers' traces name it
                    if pending or reasons or any(t.glob for t in types):
                        return None
                    names |= {t.name.replace(".", "_") for t in types}
        return names

    def lookups_for(self, function: Function) -> list[Callable]:
        """How to read the values in a function: with `self` bound to each consumer that runs it
        (a base's `group_send(self.group_name, ...)` sends to each subclass's own group), or
        plainly when no consumer does."""
        found = list({id(c.lookup): c.lookup for c in self.consumers if function.qualname in c.runs}.values())
        return found or [self.index.lookup]

    def _unknown_base(self, cls: tuple[str, str], depth: int = 0) -> bool:
        """A base class that may define handlers wscheck cannot see: a project class it did
        not read, or a library's mixin (anything but the framework's own consumer class)."""
        definition = self.index.modules[cls[0]].classes.get(cls[1])
        if definition is None or depth > 8:
            return True
        for position, base in enumerate(definition.bases):
            if position in definition.framework_bases:
                continue
            if not isinstance(base, Ref):
                return True  # a base wscheck cannot name
            found = self.index.definition(base, cls[0])
            if found is None:
                return True  # a library's class, or a project module not extracted
            if found[1] not in self.index.modules[found[0]].classes or self._unknown_base(found, depth + 1):
                return True
        return False

    def deliver(self, trace: Trace, types: list[MessageType], channel: str | None) -> list[MessageType]:
        """What a `group_send` carries to the sockets: the types its handler methods send;
        the event's own type when they forward the event as it is (`send_json(event)`), send
        what wscheck cannot resolve, or there is no handler; nothing typed when they send
        untyped data (`{"message": ...}`). Missing handlers are noted (WS103)."""
        if not self.consumers:
            return types
        delivered: list[MessageType] = []
        for event_type in types:
            if event_type.glob or event_type.name.startswith(PROTOCOL_TYPES):
                delivered.append(event_type)
                continue
            method = event_type.name.replace(".", "_")
            # The consumers certainly in the group, else those whose group wscheck could not read.
            certain = [c for c in self.consumers if channel is not None and any(g.channel and channels_meet(channel, g.channel.name) for g in c.groups)]
            maybe = [c for c in self.consumers if channel is None or any(g.channel is None for g in c.groups)]
            candidates = certain or maybe
            handling = [c for c in candidates if self._handler(c, method) is not None]
            lacking = [c for c in candidates if self._handler(c, method) is None and not c.open_ended]
            if (certain and lacking) or (not handling and lacking and len(lacking) == len(candidates)):
                self.missing.append(MissingHandler(
                    trace.site, event_type.name, method, tuple(sorted(c.name for c in lacking)), channel,
                ))
            if not handling:
                delivered.append(event_type)
            for consumer in handling:
                sent, opaque = self._sent_by(consumer, method)
                delivered.extend(sent + ([event_type] if opaque else []))
        return list(dict.fromkeys(delivered))

    def _handler(self, consumer: Consumer, method: str) -> Function | None:
        return self.index.function(Ref(consumer.module, f"{consumer.name}.{method}"), consumer.module)

    def _sent_by(self, consumer: Consumer, method: str) -> tuple[list[MessageType], bool]:
        """(types the handler method sends, whether some send forwards the event or is not resolved)."""
        handler = self._handler(consumer, method)
        types: list[MessageType] = []
        opaque = False
        for trace in self.flows.traces(handler) if handler is not None else ():
            if trace.emit.kind is EmitKind.SEND:
                found, pending, reasons = self.types_of(trace, consumer.lookup)
                types += found
                forwards = any(  # `self.send(text_data=json.dumps(event))`: the event as it came
                    isinstance(v, Param) and v.function == handler.qualname
                    for value in (*trace.args, *(v for _, v in trace.kwargs)) for v in iter_values(value)
                )
                opaque |= not found and bool(pending or reasons or forwards)
        return types, opaque
