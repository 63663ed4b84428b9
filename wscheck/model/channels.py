"""Pub/sub channels: what each endpoint subscribes to, and which channels anything publishes to.

`broadcaster` (`broadcast.subscribe(channel="chat")` / `broadcast.publish(channel="chat", message=...)`)
and Redis (`pubsub.subscribe("orders")`, `psubscribe("orders.*")` / `redis.publish("orders", data)`,
redis-py and redis.asyncio alike) read the same: a subscription names channels, a publish
names one. WS102 asks whether a channel an endpoint subscribes to is ever published to.
"""

from __future__ import annotations

import fnmatch

from wscheck.facts import Call, EmitKind, Function, Glob, Param, Str, Value
from wscheck.model.entities import MessageType, Publication, Subscription
from wscheck.model.evaluate import Pending, evaluate

SUBSCRIBE_CALLS = frozenset({"subscribe", "psubscribe"})
CHANNEL_KEYWORDS = ("channel", "channels", "group", "topic")
PUBLISH_KEYWORDS = ("channel", "group", "topic")  # a publish's channel, given by keyword
AUDIENCE_KEYWORDS = ("room", "to", "group", "channel")  # a broadcast's audience (Socket.IO `emit(..., room=r)`)
EVERYONE = MessageType("*", glob=True)  # a Socket.IO broadcast to every socket reaches every room


def channel_value(trace) -> Value | None:
    """The channel a pub/sub call names: `channel=` (broadcaster), else the first of two or
    more positional arguments (`redis.publish(channel, message)`, `group_send(group, message)`).
    One positional argument is the message itself (`hub.publish({"type": ...})`). Any other
    broadcast names its audience by keyword (Socket.IO `emit("event", data, room=room)`)."""
    if not trace.emit.channel_first:
        if trace.emit.kind is EmitKind.BROADCAST:
            return next((v for k, v in trace.kwargs if k in AUDIENCE_KEYWORDS), None)
        return None
    for key, value in trace.kwargs:
        if key in PUBLISH_KEYWORDS:
            return value
    has_message_keyword = any(k in ("message", "data", "payload", "event", "msg") for k, _ in trace.kwargs)
    if len(trace.args) >= 2 or (trace.args and has_message_keyword):
        return trace.args[0]
    return None


def channel_names(value: Value, lookup) -> list[MessageType] | None:
    """The channel names a value can hold; None when any of it cannot be resolved."""
    names: list[MessageType] = []
    for outcome in evaluate(value, lookup):
        if isinstance(outcome, Str):
            names.append(MessageType(outcome.text))
        elif isinstance(outcome, Glob):
            names.append(MessageType(outcome.pattern, glob=True))
        else:
            return None
    return names or None


def subscriptions(functions: list[Function], lookup) -> tuple[Subscription, ...]:
    """`subscribe(...)` calls in an endpoint's code (its handler and what it calls) that name
    channels. A call handed the socket itself (`manager.subscribe(websocket)`) registers the
    socket with a manager instead: that is the manager form of WS102."""
    found: list[Subscription] = []
    for function in functions:
        for call in function.calls:
            if call.name not in SUBSCRIBE_CALLS or any(isinstance(a, Param) for a in call.args):
                continue
            found.extend(_subscribed(call, lookup, pattern=call.name == "psubscribe"))
    return tuple(dict.fromkeys(found))


def _subscribed(call: Call, lookup, pattern: bool) -> list[Subscription]:
    """`psubscribe("stock.*")` takes glob-style patterns (Redis's own syntax). A call with any
    argument that is not a channel name (`bus.subscribe("order_created", on_order)`, an
    in-process event bus with its callback) is not judged: its publisher may be anything."""
    values = [v for k, v in call.kwargs if k in CHANNEL_KEYWORDS] + list(call.args)
    resolved = [channel_names(value, lookup) for value in values]
    if not values or any(names is None for names in resolved):
        return [Subscription(None, call.location)]
    found = []
    for names in resolved:
        for name in names:
            glob = name.glob or (pattern and any(c in name.name for c in "*?["))
            found.append(Subscription(MessageType(name.name, glob), call.location))
    return found


def publications(traces, channel_of) -> list[Publication]:
    """Every pub/sub publish, group send and room broadcast (`channel_of(trace)` is its
    channel value, read with the lookup given beside the trace); a Socket.IO broadcast with
    no room reaches every room. A helper handed its channel by its callers (`async def
    notify(channel, data)`) is skipped: its callers' traces carry the channel in their own terms."""
    found: list[Publication] = []
    for function, trace, lookup in traces:
        value = channel_of(trace)
        if value is None:
            if trace.emit.named_event and trace.emit.kind is EmitKind.BROADCAST:
                found.append(Publication(EVERYONE, trace.site, function.qualname))
            continue
        outcomes = evaluate(value, lookup)
        if any(isinstance(o, Pending) and o.param.function == function.qualname for o in outcomes):
            continue
        names = channel_names(value, lookup)
        if names is None:
            found.append(Publication(None, trace.site, function.qualname))
        else:
            found.extend(Publication(n, trace.site, function.qualname) for n in names)
    return sorted(set(found), key=lambda p: (p.location, p.channel.name if p.channel else ""))


def idle_channels(subscribed: tuple[Subscription, ...], published: tuple[Publication, ...]) -> list[Subscription]:
    """The subscribed channels nothing publishes to (a publish in code nothing runs feeds
    nothing). A subscription whose channel could not be resolved is not judged, and nothing is
    idle while a published channel is unknown: it may be the one."""
    published = tuple(p for p in published if p.live)
    if any(p.channel is None for p in published):
        return []
    return [s for s in subscribed if s.channel is not None and not any(_overlap(p.channel, s.channel) for p in published)]


def dead_publications(subscribed: list[Subscription], published: tuple[Publication, ...]) -> list[Publication]:
    """The publishes that would reach these channels, were their functions ever run."""
    return [
        p for p in published
        if not p.live and p.channel is not None and any(s.channel is not None and _overlap(p.channel, s.channel) for s in subscribed)
    ]


def _overlap(published: MessageType, subscribed: MessageType) -> bool:
    """`stock.*` published (an f-string) reaches a `stock.*` or `stock.eu.*` subscriber."""
    if published.glob and subscribed.glob:
        return fnmatch.fnmatchcase(published.name, subscribed.name) or fnmatch.fnmatchcase(subscribed.name, published.name)
    return published.matches(subscribed)
