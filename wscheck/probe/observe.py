"""Observe one socket: open it, send what was asked, record what arrives on connect (until
`settle` seconds of quiet) and then for `wait` seconds more. Facts only; the verdict is
wscheck.probe.verdicts'."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from typing import Callable

from wscheck.probe.connections import EndKind, Ended, Failed, Options, connection_for
from wscheck.probe.targets import Target


@dataclass(frozen=True)
class Plan:
    """What the probe does with each socket once it is open."""

    settle: float = 2.0  # seconds of quiet that end the initial data
    wait: float = 30.0  # seconds to wait for updates after it
    send: tuple[str, ...] = ()  # messages sent once the socket is open
    control_types: tuple[str, ...] = ()  # keep-alives: they neither extend nor end the initial data


@dataclass(frozen=True)
class Received:
    type: str
    at: float  # seconds after the socket opened
    initial: bool  # part of the initial data


@dataclass(frozen=True)
class Observation:
    target: Target
    opened: bool
    connect_ms: float | None = None
    received: tuple[Received, ...] = ()
    settled_at: float | None = None  # when the initial data ended, in seconds after opening
    watched_s: float = 0.0  # how long the socket was watched after opening
    ended: Ended | None = None  # None: it stayed open until the probe closed it


@dataclass
class Tracker:
    """What a progress line shows of one socket while it is watched (read by another thread)."""

    label: str
    state: str = "waiting to connect"
    initial: int = 0
    updates: int = 0
    done: bool = False
    until: float | None = None  # the loop time the watch ends at, once known


@dataclass
class _Watch:
    opened_at: float
    clock: Callable[[], float]
    tracker: Tracker
    received: list[Received] = field(default_factory=list)

    def since(self) -> float:
        return self.clock() - self.opened_at


async def observe(target: Target, options: Options, plan: Plan, tracker: Tracker) -> Observation:
    loop = asyncio.get_running_loop()
    connection = connection_for(target, options)
    started = loop.time()
    tracker.state = "connecting"
    try:
        await asyncio.wait_for(connection.open(), options.timeout + 1)  # the libraries' own timeouts come first
    except Failed as failure:
        return _finish(tracker, Observation(target, False, ended=failure.ended))
    except asyncio.TimeoutError:
        await connection.close()
        late = f"no handshake in {options.timeout:g} s"
        return _finish(tracker, Observation(target, False, ended=Ended(EndKind.UNREACHABLE, f"could not connect: {late}", short=late)))
    except (OSError, ValueError, RuntimeError) as error:  # what a client library lets through (TLS, a bad answer)
        await connection.close()
        said = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return _finish(tracker, Observation(target, False, ended=Ended(EndKind.UNREACHABLE, f"could not connect: {said}", short=said)))
    watch = _Watch(loop.time(), loop.time, tracker)
    connect_ms = (watch.opened_at - started) * 1000
    settled_at, ended = None, None
    try:
        for text in plan.send:
            await connection.send(text)
        tracker.state = "initial data"
        settled_at = await _initial(connection, plan, watch)
        tracker.state = "waiting for updates"
        tracker.until = watch.opened_at + settled_at + plan.wait
        await _updates(connection, tracker.until, watch)
    except Failed as failure:
        ended = replace(failure.ended, at=round(watch.since(), 3))
    finally:
        await connection.close()
    watched = watch.since() if ended is None else ended.at
    return _finish(tracker, Observation(target, True, connect_ms, tuple(watch.received), settled_at, watched, ended))


def _finish(tracker: Tracker, observation: Observation) -> Observation:
    tracker.done = True
    tracker.state = "failed" if observation.ended is not None else "done"
    return observation


async def _initial(connection, plan: Plan, watch: _Watch) -> float:
    """Record the initial data; return when it ended (seconds after opening). It ends after
    `settle` seconds without data, or at a second message of a type it already had: the
    initial data is one snapshot per type, and a repeat is the first update."""
    quiet_since = watch.opened_at
    seen: set[str] = set()
    limit = watch.opened_at + plan.settle + plan.wait  # a stream of new types cannot hold it open for ever
    while True:
        now = watch.clock()
        remaining = min(plan.settle - (now - quiet_since), limit - now)
        if remaining <= 0:
            return round(now - watch.opened_at, 3)
        kind = await connection.receive(remaining)
        if kind is None:
            continue
        at = round(watch.since(), 3)
        if kind in plan.control_types:
            watch.received.append(Received(kind, at, initial=False))
            continue
        if kind in seen:
            watch.received.append(Received(kind, at, initial=False))
            watch.tracker.updates += 1
            return at
        seen.add(kind)
        watch.received.append(Received(kind, at, initial=True))
        watch.tracker.initial += 1
        quiet_since = watch.clock()


async def _updates(connection, until: float, watch: _Watch) -> None:
    while (remaining := until - watch.clock()) > 0:
        kind = await connection.receive(remaining)
        if kind is not None:
            watch.received.append(Received(kind, round(watch.since(), 3), initial=False))
            watch.tracker.updates += 1
