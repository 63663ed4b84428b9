"""Build: the contract as plain data — endpoints, their types, who broadcasts and who
listens, which client modules connect and render them (and time sends over the socket),
and the polling that remains."""

from __future__ import annotations

from dataclasses import dataclass, field

from wscheck.checklist import Phase
from wscheck.facts import Location, LoopKind
from wscheck.model.message_types import is_control
from wscheck.model.phases import sockets_for
from wscheck.model.polling import duplicate_polling, too_fast_fallback
from wscheck.report import Report


# What the map says of a type no live broadcast carries, by `TypeEntry.updated_by`.
UPDATED_BY = {
    "push": "updated by the endpoint's own loop",
    "relay": "the endpoint relays broadcasts from its own loop",
    "missing": "broadcast from: nothing (WS101)",
    "none needed": "needs no broadcast (a reply, a control message or a snapshot the socket's other updates keep current)",
}


@dataclass
class TypeEntry:
    name: str
    glob: bool
    sent_at: list[Location]
    broadcast_at: list[Location]
    handled_at: list[Location]
    # when nothing live broadcasts it: "push" (the endpoint's own loop), "relay", "missing" (WS101,
    # as `check` says) or "none needed" (a reply, a snapshot kept current, phase 2 not applicable)
    updated_by: str = ""
    dead_at: list[Location] = field(default_factory=list)  # broadcasts in code nothing calls or starts


@dataclass
class SocketTimerEntry:
    """A client timer that sends over the socket (a pull or a keep-alive): not HTTP polling."""

    location: Location
    kind: str  # "pull", "keep-alive" or "unknown" (SocketTimerKind)
    interval_ms: float | None
    message_types: list[str]

    @property
    def summary(self) -> str:
        """`pulls over the socket every 5 s: get_status`, `keep-alive every 30 s: ping`."""
        every = f"every {self.interval_ms / 1000:g} s" if self.interval_ms else "at an interval wscheck cannot resolve"
        types = ", ".join(self.message_types)
        if self.kind == "pull":
            return f"pulls over the socket {every}: {types}"
        if self.kind == "keep-alive":
            return f"keep-alive {every}: {types}"
        return f"sends over the socket {every} (what it sends is not resolved)"


@dataclass
class EndpointEntry:
    path: str
    declared_path: str
    location: Location
    function: str
    framework: str
    types: list[TypeEntry]
    connects: list[tuple[Location, str]]  # (where, module) a client opens this socket
    components: list[tuple[Location, str]]  # UI modules that use it
    phases: dict[str, str]  # phase -> pass | fail | n/a
    routed: bool = True  # False: no route to its handler was found; the path is unknown
    socket_timers: list[SocketTimerEntry] = field(default_factory=list)  # client timers sending on its socket

    @property
    def label(self) -> str:
        return self.path if self.routed else f"{self.path} (no route found to {self.function})"


@dataclass
class PollingEntry:
    location: Location
    kind: str
    interval_ms: float | None
    conditional: bool
    global_default: bool
    duplicates: list[str]  # endpoints whose resource it polls
    too_fast_fallback: bool


@dataclass
class Contract:
    endpoints: list[EndpointEntry]
    other_broadcasts: list[tuple[str, list[Location]]]  # broadcast types no endpoint sends
    polling: list[PollingEntry]
    coverage: tuple[int, int]
    requests_per_minute: float
    files_scanned: int
    findings: dict[str, int] = field(default_factory=dict)
    other_socket_timers: list[SocketTimerEntry] = field(default_factory=list)  # on no endpoint's socket that wscheck knows


def _updated_by(endpoint, message_type, missing: set) -> str:
    """What keeps a type current when no live broadcast does: the same verdict as phase 2."""
    if message_type in missing:
        return "missing"
    if any(s.loop is LoopKind.PUSH and s.type == message_type for s in endpoint.sends):
        return "push"
    return "relay" if endpoint.broadcasts else "none needed"


def build_contract(report: Report) -> Contract:
    project, settings = report.project, report.settings
    handled: dict[str, list[Location]] = {}
    for item in project.handled_types:
        handled.setdefault(item.name, []).append(item.location)
    broadcast_by_type: dict[str, list[Location]] = {}
    for site in project.broadcasts:
        for message_type in site.types:
            broadcast_by_type.setdefault(message_type.name, []).append(site.location)
    endpoints = []
    endpoint_types: set[str] = set()
    matched: set = set()  # socket timers listed under an endpoint
    for item in report.checklists:
        endpoint = item.endpoint
        types = _type_entries(item, project, settings, handled)
        endpoint_types.update(entry.name for entry in types)
        sockets = sockets_for(endpoint, project)
        connects = sorted({(s.location, s.module) for s in sockets})
        components = sorted({(u.location, u.module) for s in sockets for u in project.usages.get(s.hook, [])})
        timers = _timers_on(sockets, components, project)
        matched.update(timers)
        endpoints.append(
            EndpointEntry(
                endpoint.path, endpoint.declared_path, endpoint.location, endpoint.function, endpoint.framework.value,
                types, connects, components, {phase.value: item.phases[phase].status.value for phase in Phase},
                endpoint.routed, [_timer_entry(t) for t in timers],
            )
        )
    other = sorted((name, sorted(locs)) for name, locs in broadcast_by_type.items() if name not in endpoint_types)
    polling = [
        PollingEntry(
            p.location, p.kind.value, p.interval_ms, p.conditional, p.global_default,
            [c.endpoint.path for c in report.checklists if p in duplicate_polling(c.endpoint, project)],
            too_fast_fallback(p, settings, project),
        )
        for p in project.polling
    ]
    metrics = report.metrics
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    return Contract(
        endpoints, other, polling, (metrics.endpoints_with_broadcast, metrics.endpoints),
        metrics.requests_per_minute, project.files_scanned, dict(sorted(counts.items())),
        [_timer_entry(t) for t in project.socket_timers if t not in matched],
    )


def _type_entries(item, project, settings, handled: dict[str, list[Location]]) -> list[TypeEntry]:
    """One entry per message type an endpoint receives or relays, control types left out."""
    endpoint = item.endpoint
    types = []
    missing = set(getattr(item.phases[Phase.BROADCAST], "missing", ()))
    for message_type in sorted(set(endpoint.message_types) | set(endpoint.relayed_types)):
        if is_control(message_type, settings):
            continue
        matching = [site for site in project.broadcasts if any(t.matches(message_type) for t in site.types)]
        broadcasts = sorted({site.location for site in matching if site.live})
        types.append(
            TypeEntry(
                message_type.name, message_type.glob,
                sorted({s.location for s in endpoint.sends if s.type == message_type} | (
                    set(endpoint.broadcasts) if message_type in endpoint.relayed_types else set()
                )),
                broadcasts,
                sorted({loc for name, locs in handled.items() if name == message_type.name for loc in locs}),
                "" if broadcasts else _updated_by(endpoint, message_type, missing),
                sorted({site.location for site in matching if not site.live}),
            )
        )
    return types


def _timers_on(sockets, components, project) -> list:
    """The socket timers of the modules that open, wrap or use these sockets, or that send
    on a socket one of them holds (`socket.emit(...)` with `socket` from `lib/socket.ts`)."""
    modules = {module for s in sockets for module, _ in s.chain} | {module for _, module in components}
    return [t for t in project.socket_timers if t.module in modules or modules.intersection(t.socket_modules)]


def _timer_entry(timer) -> SocketTimerEntry:
    return SocketTimerEntry(timer.location, timer.kind.value, timer.interval_ms, list(timer.message_types))
