"""Verdicts: an observation judged live, idle at run time (WS401) or failed (WS402), in words.

An update counts when it carries one of the socket's own types: those the static scan found
the endpoint sends (with --base-url), else those of its initial data. A manager that
broadcasts every type to every socket keeps an idle socket busy with messages its client
acts on none of, and some of them may arrive while the initial data settles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fnmatch import fnmatchcase

from wscheck.probe.connections import UNTYPED
from wscheck.probe.observe import Observation, Received, Plan
from wscheck.probe.targets import StaticView


class Status(str, Enum):
    LIVE = "live"
    IDLE = "idle"
    FAILED = "failed"


CODES = {Status.IDLE: "WS401", Status.FAILED: "WS402"}


@dataclass(frozen=True)
class TypeCount:
    type: str
    count: int
    first_after_s: float  # after the socket opened
    own: bool = True  # one of the socket's own types (or any data type, when it has none)


@dataclass(frozen=True)
class Result:
    observation: Observation
    status: Status
    verdict: str  # short, for the table: `idle 30 s after initial data (WS401)`
    message: str | None  # the finding's message; None when live
    initial: tuple[TypeCount, ...]
    updates: tuple[TypeCount, ...]
    first_update_s: float | None  # the first update of its own types

    @property
    def code(self) -> str | None:
        return CODES.get(self.status)


def seconds(value: float) -> str:
    """0.613 -> "0.6 s", 30.0 -> "30 s", 0.004 -> "4 ms"."""
    return f"{value * 1000:.0f} ms" if value < 0.1 else f"{round(value, 1):g} s"


def judge(observation: Observation, plan: Plan, any_update: bool = False) -> Result:
    initial = [r for r in observation.received if r.initial]
    later = [r for r in observation.received if not r.initial]
    own = _own_types([r.type for r in initial], observation.target.static, any_update)

    def counts(message: Received) -> bool:
        return message.type not in plan.control_types and (own is None or any(fnmatchcase(message.type, t) for t in own))

    initial_counts = _tally(initial, counts)
    update_counts = _tally(later, counts)
    first = next((r.at for r in later if counts(r)), None)
    if observation.ended is not None:
        status, verdict, message = _failed(observation, initial, later)
    elif first is not None:
        status, verdict, message = Status.LIVE, f"live: first update after {seconds(first)}", None
    else:
        status, verdict, message = Status.IDLE, *_idle(observation, plan, initial, later, own)
    if status is not Status.LIVE:
        verdict = f"{verdict} ({CODES[status]})"
    return Result(observation, status, verdict, message, initial_counts, update_counts, first)


def _own_types(initial_types: list[str], static: StaticView | None, any_update: bool) -> tuple[str, ...] | None:
    """The types whose updates count; None: any data message counts."""
    if any_update:
        return None
    if static is not None and static.types:
        return static.types
    return tuple(dict.fromkeys(t for t in initial_types if t not in UNTYPED)) or None


def _tally(messages: list[Received], own) -> tuple[TypeCount, ...]:
    found: dict[str, list[Received]] = {}
    for message in messages:
        found.setdefault(message.type, []).append(message)
    return tuple(TypeCount(kind, len(items), items[0].at, own(items[0])) for kind, items in found.items())


def _listed(messages: list[Received], limit: int = 4) -> str:
    tally = _tally(messages, lambda r: True)
    shown = [f"{t.type} ×{t.count}" if t.count > 1 else t.type for t in tally[:limit]]
    return ", ".join(shown) + (", …" if len(tally) > limit else "")


def _idle(observation: Observation, plan: Plan, initial: list[Received], later: list[Received], own) -> tuple[str, str]:
    data = [r for r in later if r.type not in plan.control_types]
    if initial:
        verdict = f"idle {seconds(plan.wait)} after initial data"
        message = f"connected and got its initial data ({_listed(initial)}), then "
        message += f"no {' or '.join(own)} for {seconds(plan.wait)}" if data and own else f"nothing for {seconds(plan.wait)}"
    else:
        verdict = f"idle: nothing in {seconds(observation.watched_s)}"
        message = "connected, then " + (
            f"no {' or '.join(own)} in {seconds(observation.watched_s)}: no initial data" if data and own
            else f"nothing at all for {seconds(observation.watched_s)}: no initial data, no update"
        )
    if data:
        count = len(data)
        message += f", only {count} message{'s' if count != 1 else ''} of other types ({_listed(data)}), which --any-update would count"
    return verdict, message + _static_note(observation)


def _static_note(observation: Observation) -> str:
    static = observation.target.static
    if static is None:
        return ""
    if static.predicts_idle:
        return "; the static scan agrees: " + "; ".join(r.replace(": ", ", ", 1) for r in static.idle_reasons)
    if static.broadcasts:
        return "; the static scan found broadcasts for it, and none fired while probing: do they run only when the data changes?"
    return ""


def _failed(observation: Observation, initial: list[Received], later: list[Received]) -> tuple[Status, str, str]:
    ended = observation.ended
    if not observation.opened:
        return Status.FAILED, f"failed: {ended.short or ended.detail}", ended.detail
    message = f"{ended.detail} {seconds(ended.at or 0)} after it opened"
    if initial:
        message += f", after its initial data ({_listed(initial)})"
    if later:
        message += f" and {len(later)} later message{'s' if len(later) != 1 else ''}"
    elif not initial:
        message += ", before sending anything"
    return Status.FAILED, f"failed: {ended.detail}", message
