"""Analyse: inputs → series → polled paths → findings → the traffic report. The pipeline of
`wscheck traffic`, between its command (flags) and its reporters (output)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from wscheck.findings import Severity
from wscheck.traffic.detect import MIN_REQUESTS, periodicity
from wscheck.traffic.records import InputSummary
from wscheck.traffic.report import PolledPath, PolledSeries, TrafficFinding, TrafficReport
from wscheck.traffic.series import Traffic
from wscheck.traffic.sources import display_name, read
from wscheck.units import plural


@dataclass(frozen=True)
class Reading:
    """What to read and how: files (`-` for standard input), or one followed for a time."""

    inputs: tuple[str, ...]
    follow_s: float | None = None  # --follow --duration S


def collect(reading: Reading) -> tuple[Traffic, list[InputSummary]]:
    traffic, summaries = Traffic(), []
    for name in reading.inputs:
        summary = InputSummary(display_name(name))
        summaries.append(summary)
        if reading.follow_s is not None:
            from wscheck.traffic.follow import follow

            requests = follow(name, reading.follow_s, summary)
        else:
            requests = read(name, summary)
        for request in requests:
            traffic.add(request, summary.name)
    return traffic, summaries


def polled_paths(traffic: Traffic) -> tuple[list[PolledPath], int]:
    """The polled paths, most requests per minute first; and how many series were long
    enough to judge but had no timestamps."""
    by_path: dict[tuple[str, str], list[PolledSeries]] = {}
    untimed = 0
    for series in traffic.series.values():
        if len(series.times) < MIN_REQUESTS:
            untimed += series.untimed >= MIN_REQUESTS
            continue
        found = periodicity(series.times)
        if found is None:
            continue
        polled = PolledSeries(series.client, found.interval_s, found.pollers, found.per_minute, series.count,
                              min(series.times), max(series.times), series.source, series.line)
        by_path.setdefault((series.method, series.path), []).append(polled)
    paths = [PolledPath(method, path, tuple(sorted(s, key=lambda x: x.client))) for (method, path), s in by_path.items()]
    return sorted(paths, key=lambda p: (-p.per_minute, p.path, p.method)), untimed


def describe(path: PolledPath) -> str:
    """`GET /api/v1/queue every 3.0 s (20/min, 1 client)`: the post-mortem's words."""
    pollers = max(s.pollers for s in path.series)
    timers = f", {pollers} timers interleaved" if pollers > 1 else ""
    return (f"{path.method} {path.path} every {interval(path.interval_s)} "
            f"({rate(path.per_minute)}/min, {plural(path.clients, 'client')}{timers})")


def interval(value: float) -> str:
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s" if value < 600 else f"{value / 60:.0f} min"


def rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def where(site) -> str:
    codes = f" ({', '.join(site.codes)})" if site.codes else ""
    return f"{site.location.file}:{site.location.line}{codes}"


def findings(polled: list[PolledPath], severities: dict[str, Severity] | None = None) -> list[TrafficFinding]:
    """WS404 for a polled path a socket serves (it carries WS403), else WS403."""
    from wscheck.rules.ws403_polling_in_traffic import PollingInTraffic
    from wscheck.rules.ws404_traffic_duplicates_websocket import TrafficDuplicatesWebsocket

    severities = severities or {}
    found = []
    for path in polled:
        rule = TrafficDuplicatesWebsocket if path.endpoints else PollingInTraffic
        message = describe(path)
        if path.sites:
            message += " ← " + ", ".join(where(site) for site in path.sites)
        if path.endpoints:
            sockets = ", ".join(e.path for e in path.endpoints)
            message += f"; {sockets} serves this resource"
        location = path.sites[0].location if path.sites else path.endpoints[0].location if path.endpoints else None
        related = tuple(s.location for s in path.sites[1:]) + tuple(e.location for e in path.endpoints)
        found.append(TrafficFinding(
            rule.code, rule.name, severities.get(rule.code, rule.severity), path.method, path.path, message,
            location, path.origin, tuple(r for r in related if r != location),
            ("WS403",) if path.endpoints else (),
        ))
    return found  # in the order of the polled paths: most requests per minute first


def build(reading: Reading, join_with: Callable[[list[PolledPath]], list[PolledPath]] | None = None,
          fail_on: Severity = Severity.ERROR, severities: dict[str, Severity] | None = None,
          project: str | None = None) -> TrafficReport:
    traffic, summaries = collect(reading)
    polled, untimed = polled_paths(traffic)
    if join_with is not None:
        polled = join_with(polled)
    report = TrafficReport(summaries, polled, findings(polled, severities), traffic.requests, traffic.timed,
                           traffic.span_s, traffic.first, traffic.handshakes, untimed, project, fail_on)
    report.notes.extend(_notes(report, reading))
    return report


def _notes(report: TrafficReport, reading: Reading) -> list[str]:
    notes = []
    untimed = report.requests - report.timed
    if untimed:
        names = [i.name for i in report.inputs if i.requests > i.timed]
        source = names[0] if len(names) == 1 and names[0] != "standard input" else "logs/backend.log"
        notes.append(
            f"{plural(untimed, 'request')} had no timestamp ({', '.join(names)}: uvicorn's default log format): "
            f"counted, but polling cannot be timed without one. Time them on arrival with "
            f"`tail -f {source} | wscheck traffic - --follow --duration 60`, or log a time "
            "(docs/traffic.md shows a uvicorn log config with one)."
        )
    return notes
