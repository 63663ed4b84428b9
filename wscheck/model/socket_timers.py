"""Socket timers: the client's timers that send over a socket rather than HTTP — pulls and
keep-alives — with their intervals and message types resolved, for the map (never
polling, never a finding)."""

from __future__ import annotations

from wscheck.config import Settings
from wscheck.facts import ClientFacts, Location, Message, Num, Obj, PollingKind, Ref, Str, Value
from wscheck.model.client import ClientIndex
from wscheck.model.client_polling import timer_fetches
from wscheck.model.entities import MessageType, SocketTimer, SocketTimerKind
from wscheck.model.evaluate import evaluate
from wscheck.model.message_types import is_control
from wscheck.polling_words import upkeep_name

TIMERS = (PollingKind.SET_INTERVAL, PollingKind.SET_TIMEOUT)


def build_socket_timers(index: ClientIndex, settings: Settings) -> list[SocketTimer]:
    """The timers seen sending over a socket in their own file, and those running a project
    function that sends over a socket and makes no HTTP call (`setInterval(requestStatus, 5000)`)."""
    found: list[SocketTimer] = []
    for facts in index.modules.values():
        for timer in facts.socket_timers:
            sockets = tuple(m for m in (_holder(index, ref) for ref in timer.sockets) if m is not None)
            found.append(_timer(index, facts, timer.location, timer.function, timer.interval, timer.messages, sockets, settings))
        for site in facts.polling:
            if site.kind in TIMERS and isinstance(site.fetcher, Ref) and not timer_fetches(index, site.fetcher):
                messages, modules = _sends(index, site.fetcher)
                if messages:
                    found.append(_timer(index, facts, site.location, site.function, site.interval, messages, modules, settings))
    return sorted(set(found), key=lambda t: t.location)


def _timer(index: ClientIndex, facts: ClientFacts, location: Location, function: str | None, interval: Value,
           messages: tuple[Value, ...], sockets: tuple[str, ...], settings: Settings) -> SocketTimer:
    numbers = [o.value for o in evaluate(interval, index.lookup) if isinstance(o, Num) and o.value > 0]
    types = tuple(dict.fromkeys(t for message in messages for t in _types(index, message, settings)))
    return SocketTimer(
        _kind(types, len(types) < len(messages), settings), location, min(numbers) if numbers else None, types,
        facts.module, function, tuple(m for m in dict.fromkeys(sockets) if m != facts.module),
    )


def _kind(types: tuple[str, ...], unread: bool, settings: Settings) -> SocketTimerKind:
    """A pull when it asks for something by name; a keep-alive when all it sends is a control
    message or an upkeep word (`ping`, `heartbeat`, `keep_alive`)."""
    if any(not _upkeep(t, settings) for t in types):
        return SocketTimerKind.PULL
    return SocketTimerKind.KEEP_ALIVE if types and not unread else SocketTimerKind.UNKNOWN


def _upkeep(name: str, settings: Settings) -> bool:
    return is_control(MessageType(name), settings) or upkeep_name(name) or name.isdigit()  # `2`: Engine.IO's ping packet


def _types(index: ClientIndex, message: Value, settings: Settings) -> list[str]:
    """The message types a send carries: an emit's event, a plain-text message, or the
    value under a message-type key (`type`, `event`, ...) of the object it sends."""
    found = []
    for outcome in evaluate(message, index.lookup):
        if isinstance(outcome, Message):
            found += [o.text for o in evaluate(outcome.type, index.lookup) if isinstance(o, Str)]
        elif isinstance(outcome, Str):
            found.append(outcome.text)
        elif isinstance(outcome, Obj):
            entries = dict(outcome.entries)
            key = next((k for k in settings.message_type_keys if k in entries), None)
            found += [o.text for o in evaluate(entries[key], index.lookup) if isinstance(o, Str)] if key else []
    return found


def _holder(index: ClientIndex, ref: Ref) -> str | None:
    """The project module that defines a socket another module sends on."""
    found = index.definition(ref)
    return found[0] if found is not None else None


def _sends(index: ClientIndex, fetcher: Ref) -> tuple[tuple[Value, ...], tuple[str, ...]]:
    """What a project function (and the project functions it calls) sends over a socket, and
    the modules they are in: a worklist with a visited set, as `timer_fetches` walks."""
    messages: list[Value] = []
    modules: list[str] = []
    pending, seen = [fetcher], {fetcher}
    while pending:
        ref = pending.pop()
        found = index.definition(ref)
        function = index.functions.get(found) if found else None
        if function is None:
            continue
        if function.sends:
            messages.extend(function.sends)
            modules.append(found[0])
        for call in index.modules[found[0]].calls:
            if call.function == function.name and call.callee not in seen:
                seen.add(call.callee)
                pending.append(call.callee)
    return tuple(messages), tuple(modules)
