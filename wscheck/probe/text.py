"""The probe's text report: the findings, a table of the sockets (the static verdict beside the
run-time one when the scan was joined), the endpoints skipped, and a summary line."""

from __future__ import annotations

from typing import TextIO

from rich.table import Table
from rich.text import Text

from wscheck.probe.report import ProbeReport
from wscheck.probe.verdicts import Result, Status, TypeCount, seconds
from wscheck.reporters.text import SEVERITY_STYLES, console_for
from wscheck.units import plural

STATUS_STYLES = {Status.LIVE: "green", Status.IDLE: "bold red", Status.FAILED: "bold red"}


def render(report: ProbeReport, out: TextIO) -> None:
    console = console_for(out)
    plan = report.plan
    where = f" at {report.base_url}" if report.base_url else ""
    console.print(
        f"Probed {plural(len(report.results), 'socket')}{where}: initial data until {seconds(plan.settle)} of quiet, "
        f"then {seconds(plan.wait)} for updates.",
        soft_wrap=True, markup=False,
    )
    if report.findings:
        console.print()
    for finding in report.findings:
        line = Text()
        if finding.file is not None:
            line.append(f"{finding.file}:{finding.line}:1:", style="bold")
            line.append(" ")
            line.append(finding.code, style=SEVERITY_STYLES[finding.severity])
            line.append(f" {finding.where}: {finding.message}")
        else:
            line.append(f"{finding.where}:", style="bold")
            line.append(" ")
            line.append(finding.code, style=SEVERITY_STYLES[finding.severity])
            line.append(f" {finding.message}")
        console.print(line, soft_wrap=True)
    if report.results:
        console.print()
        console.print(_table(report))
    if report.base_url is not None and report.results:
        console.print()
        console.print("Static scan beside run time:", soft_wrap=True)
        _side_by_side(report, console)
    if report.skipped:
        console.print()
        console.print(f"Skipped ({plural(len(report.skipped), 'endpoint')}, not probed):", soft_wrap=True, markup=False)
        for skipped in report.skipped:
            static = f"  [static: {skipped.static.summary}]" if skipped.static else ""
            console.print(f"  {skipped.label}: {skipped.reason}{static}", soft_wrap=True, markup=False)
    console.print()
    console.print(_summary(report), soft_wrap=True, markup=False)


def _table(report: ProbeReport) -> Table:
    table = Table(title="WebSocket probe", title_justify="left")
    table.add_column("Socket", overflow="fold")
    table.add_column("Connect", justify="right", no_wrap=True)
    table.add_column("Initial", overflow="fold")
    table.add_column("Updates", overflow="fold")
    table.add_column("Verdict", overflow="fold")
    for result in report.results:
        observation = result.observation
        table.add_row(
            Text(observation.target.label),
            Text("—" if observation.connect_ms is None else f"{observation.connect_ms:.0f} ms"),
            Text(_initial(result)),
            Text(_updates(result)),
            Text(result.verdict, style=STATUS_STYLES[result.status]),
        )
    return table


def _side_by_side(report: ProbeReport, console) -> None:
    """`/ws/system-status  WS101 (nothing broadcasts system_status_update)  ·  idle 30 s after initial data (WS401)`"""
    rows = [(r.observation.target.label, r.observation.target.static, r) for r in report.results]
    label_width = max(len(label) for label, _, _ in rows)
    static_width = max(len(static.summary) if static else 1 for _, static, _ in rows)
    for label, static, result in rows:
        line = Text(f"  {label:<{label_width}}  ")
        summary = static.summary if static else "—"
        line.append(f"{summary:<{static_width}}", style="red" if static and static.predicts_idle else "")
        line.append("  ·  ")
        line.append(result.verdict, style=STATUS_STYLES[result.status])
        console.print(line, soft_wrap=True)


def _types(counts: tuple[TypeCount, ...]) -> str:
    return ", ".join(f"{c.type} ×{c.count}" if c.count > 1 else c.type for c in counts)


def _initial(result: Result) -> str:
    own = tuple(c for c in result.initial if c.own)
    others = sum(c.count for c in result.initial if not c.own)
    return (_types(own) or "none") + (f" (+{others} other)" if others else "")


def _updates(result: Result) -> str:
    """`3`, or `3 delta` when its updates are of types its initial data did not have; `+15 other`
    counts the messages of other types (another socket's broadcasts)."""
    own = [c for c in result.updates if c.own]
    others = sum(c.count for c in result.updates if not c.own)
    initial = {c.type for c in result.initial}
    count = sum(c.count for c in own)
    text = f"{count}" + ("" if {c.type for c in own} <= initial else f" ({_types(tuple(own))})") if own else "none"
    return text + (f" (+{others} other)" if others else "")


def _summary(report: ProbeReport) -> str:
    parts = [f"{report.count(Status.LIVE)} live", f"{report.count(Status.IDLE)} idle (WS401)",
             f"{report.count(Status.FAILED)} failed (WS402)"]
    skipped = f"; {len(report.skipped)} skipped" if report.skipped else ""
    return f"{plural(len(report.results), 'socket')} probed in {seconds(report.elapsed_s)}: {', '.join(parts)}{skipped}."
