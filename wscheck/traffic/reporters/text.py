"""Text: each polled path in the post-mortem's words, joined to its polling site and socket,
then the totals (requests per minute, the post-mortem's metric) and what was not read."""

from __future__ import annotations

import datetime
from typing import TextIO

from rich.text import Text

from wscheck.findings import Severity
from wscheck.reporters.text import SEVERITY_STYLES, console_for
from wscheck.traffic.analyse import rate
from wscheck.traffic.report import TrafficReport
from wscheck.units import plural


def render(report: TrafficReport, out: TextIO) -> None:
    console = console_for(out)
    for summary in report.inputs:
        console.print(Text(input_line(summary), style="dim" if summary.error is None else "yellow"), soft_wrap=True)
    console.print()
    for finding in report.findings:
        line = Text()
        line.append(finding.code, style=SEVERITY_STYLES[finding.severity])
        line.append(f" {finding.message}")
        if finding.location is None:
            source, number = finding.origin
            line.append(f"  [{source}:{number}]", style="dim")
        console.print(line, soft_wrap=True)
    if report.findings:
        console.print()
    for line in totals(report):
        console.print(line, soft_wrap=True)
    for note in report.notes:
        console.print(Text(note, style="yellow"), soft_wrap=True)


def input_line(summary) -> str:
    if summary.error is not None and not summary.requests:
        return f"{summary.name}: {summary.error}"
    kind = summary.format.title if summary.format is not None else "no requests found"
    if summary.creator:
        kind += f" ({summary.creator})"
    parts = [f"{summary.name}: {kind}", plural(summary.requests, "request")]
    if summary.followed:
        parts.append("followed")
    if summary.requests and summary.timed < summary.requests:
        parts.append("no timestamps" if not summary.timed else f"{summary.requests - summary.timed} without a timestamp")
    if summary.malformed:
        parts.append(f"{plural(summary.malformed, 'malformed line')} skipped (first: line {summary.first_malformed})")
    if summary.error is not None:
        parts.append(summary.error)
    return " · ".join(parts)


def totals(report: TrafficReport) -> list[str]:
    """`Traffic: 1,800 requests in 10.0 min (~180/min)…`: the post-mortem's metric, then the
    count of findings."""
    lines = []
    span = report.span_s
    if report.per_minute is not None:
        start = datetime.datetime.fromtimestamp(report.first or 0, datetime.timezone.utc)
        # a time with a zone is shown in UTC; one without is shown as the log wrote it
        when = f" from {start:%Y-%m-%d %H:%M:%S}" if not any(i.followed for i in report.inputs) else ""
        lines.append(f"Traffic: {report.requests:,} requests in {minutes(span)}{when} (~{rate(report.per_minute)}/min).")
    else:
        lines.append(f"Traffic: {report.requests:,} requests (not timed).")
    if report.polled:
        share = 100.0 * report.polling_per_minute / report.per_minute if report.per_minute else None
        of = f", {share:.0f}% of all requests" if share is not None and share <= 100 else ""
        lines.append(f"Polling: {plural(len(report.polled), 'path')} at ~{rate(report.polling_per_minute)} requests/minute{of}.")
    elif report.timed:
        lines.append("Polling: none found.")
    if report.handshakes:
        lines.append(f"WebSocket handshakes: {report.handshakes} (not HTTP polling).")
    counts = {s: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    total = sum(counts.values())
    if total:
        parts = ", ".join(plural(n, s.value) for s, n in counts.items() if n)
        lines.append(f"Found {plural(total, 'finding')} ({parts}).")
    else:
        lines.append("No polling found." if report.timed else "Nothing to judge: no timed requests.")
    return lines


def minutes(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"
