"""Series: requests grouped by method, path template and client, each with the times it
needs for polling detection (at most MAX_TIMES: memory grows with the number of series,
never with the length of the log)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from wscheck.traffic.records import Request
from wscheck.traffic.templates import template

MAX_TIMES = 10_000  # per series: 33 hours of a 12 s timer, 8 hours of a 3 s one


@dataclass
class Series:
    method: str
    path: str
    client: str
    source: str  # the input it was first seen in
    line: int  # and the line
    count: int = 0
    untimed: int = 0
    times: array = field(default_factory=lambda: array("d"))

    def add(self, time: float | None) -> None:
        self.count += 1
        if time is None:
            self.untimed += 1
            return
        if len(self.times) >= MAX_TIMES:
            del self.times[: MAX_TIMES // 2]  # keep the recent half: is it polling still?
        self.times.append(time)


@dataclass
class Traffic:
    """Every request read, grouped; the totals the summary reports."""

    series: dict[tuple[str, str, str], Series] = field(default_factory=dict)
    requests: int = 0
    timed: int = 0
    handshakes: int = 0  # WebSocket upgrades (101): sockets, not HTTP polling
    first: float | None = None
    last: float | None = None

    def add(self, request: Request, source: str) -> None:
        if request.status == 101:
            self.handshakes += 1
            return
        self.requests += 1
        key = (request.method, template(request.target), request.client)
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = Series(key[0], key[1], key[2], source, request.line)
        series.add(request.time)
        if request.time is not None:
            self.timed += 1
            if self.first is None or request.time < self.first:
                self.first = request.time
            if self.last is None or request.time > self.last:
                self.last = request.time

    @property
    def span_s(self) -> float:
        return (self.last - self.first) if self.first is not None and self.last is not None else 0.0
