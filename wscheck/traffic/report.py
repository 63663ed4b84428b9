"""Traffic report: what `wscheck traffic` found, as plain values for its reporters: the
inputs read, the polled paths (with their series, and the static sites and endpoints joined
to them), the findings and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from wscheck.facts import Location
from wscheck.findings import Severity
from wscheck.traffic.records import InputSummary


@dataclass(frozen=True)
class PolledSeries:
    """One client's polling of one path."""

    client: str
    interval_s: float
    pollers: int
    per_minute: float
    requests: int
    first: float
    last: float
    source: str  # the input, and the line, where it was first seen
    line: int


@dataclass(frozen=True)
class Site:
    """A client polling site of the static scan that this path is the URL of."""

    location: Location
    kind: str  # refetchInterval, setInterval, …
    interval_ms: float | None
    conditional: bool
    codes: tuple[str, ...]  # what the static scan reports there (WS201, WS202, WS203, …)
    via: str  # how it was joined: "url", "query key", or "fallback of the hook that opens <socket>"


@dataclass(frozen=True)
class Serving:
    """A WebSocket endpoint that serves the polled resource (WS203's question)."""

    path: str
    location: Location


@dataclass(frozen=True)
class PolledPath:
    method: str
    path: str
    series: tuple[PolledSeries, ...]
    sites: tuple[Site, ...] = ()
    endpoints: tuple[Serving, ...] = ()

    @property
    def interval_s(self) -> float:
        return median(s.interval_s for s in self.series)

    @property
    def per_minute(self) -> float:
        return sum(s.per_minute for s in self.series)

    @property
    def clients(self) -> int:
        return len({s.client for s in self.series})

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.series)

    @property
    def origin(self) -> tuple[str, int]:
        first = min(self.series, key=lambda s: s.first)
        return first.source, first.line


@dataclass(frozen=True)
class TrafficFinding:
    code: str
    name: str
    severity: Severity
    method: str
    path: str
    message: str
    location: Location | None  # in the source (a polling site, else the endpoint); None: not joined
    origin: tuple[str, int]  # the input and line where the series was first seen
    related: tuple[Location, ...] = ()
    implies: tuple[str, ...] = ()  # WS404 is polling in traffic too (WS403)


@dataclass
class TrafficReport:
    inputs: list[InputSummary]
    polled: list[PolledPath]
    findings: list[TrafficFinding]
    requests: int
    timed: int
    span_s: float
    first: float | None = None  # the earliest timestamp read
    handshakes: int = 0
    untimed_series: int = 0  # series long enough to judge, with no timestamps
    project: str | None = None  # --project, when the traffic was joined to a static scan
    fail_on: Severity = Severity.ERROR
    notes: list[str] = field(default_factory=list)

    @property
    def per_minute(self) -> float | None:
        return 60.0 * self.timed / self.span_s if self.span_s > 0 else None

    @property
    def polling_per_minute(self) -> float:
        return sum(p.per_minute for p in self.polled)

    @property
    def malformed(self) -> int:
        return sum(i.malformed for i in self.inputs)

    @property
    def errors(self) -> list[InputSummary]:
        return [i for i in self.inputs if i.error is not None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self) -> bool:
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)
