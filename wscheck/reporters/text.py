"""Text reporter: `path:line:col: CODE message` lines, the checklist table, the metrics."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wscheck.checklist import Phase
from wscheck.findings import Severity
from wscheck.answers import Status
from wscheck.report import Report
from wscheck.reporters.common import RenderOptions, write_notes
from wscheck.units import per_minute, plural

SYMBOLS = {Status.PASS: "✅", Status.FAIL: "❌", Status.NA: "➖"}
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SHORT_TITLES = {
    Phase.ENDPOINT: "1 Endpoint",
    Phase.BROADCAST: "2 Broadcast",
    Phase.CLIENT_HOOK: "3 Hook",
    Phase.COMPONENT: "4 Component",
    Phase.TESTS: "5 Tests",
    Phase.DOCS: "6 Docs",
    Phase.CLEANUP: "7 Cleanup",
}


def console_for(out: TextIO) -> Console:
    """Colour only on a terminal (rich honours NO_COLOR and FORCE_COLOR); wide when piped."""
    terminal = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, width=None if terminal else 160, highlight=False, soft_wrap=False)


def render_findings(report: Report, console: Console) -> None:
    for finding in report.findings:
        line = Text()
        where = finding.location
        line.append(f"{where.file}:{where.line}:{where.column}:", style="bold")
        line.append(" ")
        line.append(finding.code, style=SEVERITY_STYLES[finding.severity])
        line.append(f" {finding.message}")
        console.print(line, soft_wrap=True)


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    console = console_for(out)
    render_findings(report, console)
    if options.quiet:
        return
    if report.findings:
        console.print()
    for problem in report.problems:
        console.print(Text(f"warning: {problem}", style="yellow"), soft_wrap=True)
    if report.project.server_files + report.project.client_files == 0:
        console.print(Text("warning: no source files found: check the paths and the server/client settings", style="yellow"))
    if report.checklists:
        console.print(_table(report))
    else:
        console.print("No WebSocket endpoints found.")
    console.print(_metrics(report))
    console.print(_summary(report))
    write_notes(out, options)


def _table(report: Report) -> Table:
    table = Table(title="WebSocket checklist", title_justify="left", show_lines=False)
    table.add_column("Endpoint", overflow="fold")
    for phase in Phase:
        table.add_column(SHORT_TITLES[phase], justify="center")
    for item in report.checklists:
        table.add_row(Text(item.endpoint.path), *(SYMBOLS[item.phases[phase].status] for phase in Phase))
    return table


def _metrics(report: Report) -> Text:
    metrics = report.metrics
    fallback = sum(1 for p in report.project.polling if p.conditional)
    polling = f"{metrics.polling_sites}"
    if metrics.polling_sites:
        polling += f" ({fallback} fallback, {metrics.polling_sites - fallback} unconditional)"
    if metrics.polling_sites_unknown_interval:
        polling += f", {metrics.polling_sites_unknown_interval} with an interval wscheck cannot resolve"
    rows = [
        ("WebSocket endpoints", str(metrics.endpoints)),
        (
            "Broadcasting coverage",
            f"{metrics.endpoints_with_broadcast}/{metrics.endpoints} endpoints ({metrics.coverage_percent:.0f}%)"
            if metrics.endpoints else "n/a",
        ),
        ("HTTP polling sites", polling),
        (
            "Estimated HTTP polling",
            f"{per_minute(metrics.requests_per_minute)} requests/minute per open client"
            + (" (fallbacks as if every socket were down)" if fallback else ""),
        ),
    ]
    text = Text("\nMetrics\n", style="bold")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        text.append(f"  {label + ':':<{width + 1}} {value}\n", style="")
    return text


def _summary(report: Report) -> Text:
    counts = {s: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    total = sum(counts.values())
    project = report.project
    scanned = f"{plural(project.files_scanned, 'file')} scanned ({project.server_files} server, {project.client_files} client, " \
              f"{project.test_files} test, {project.doc_files} doc)"
    if not total:
        return Text(f"All checks passed. {scanned}.", style="green")
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return Text(f"Found {plural(total, 'finding')} ({', '.join(parts)}). {scanned}.")
