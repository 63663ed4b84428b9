"""Text reporter: `path:line:col: CODE message` lines, the checklist table, the metrics."""

from __future__ import annotations

import os
import textwrap
from typing import TextIO

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from wscheck.checklist import EndpointChecklist, Phase
from wscheck.findings import Severity
from wscheck.answers import Status
from wscheck.stats import skipped_summary
from wscheck.report import Report
from wscheck.reporters.common import RenderOptions, phase_findings, write_notes
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


HANGING = 4  # the indent of a wrapped finding's message
PIPED_WIDTH = 160  # piped with no COLUMNS: wide, so that each finding stays on one line for grep
LEGEND = (
    "Phases: 1 endpoint, 2 broadcasting, 3 client hook, 4 component, 5 tests, 6 docs, 7 cleanup "
    "(no HTTP polling left behind). ✅ pass ❌ fail ➖ n/a; `wscheck rule CODE` explains a code."
)


def console_for(out: TextIO) -> Console:
    """Colour only on a terminal (rich honours NO_COLOR and FORCE_COLOR). The width is the
    terminal's, else `COLUMNS`, else wide when piped."""
    terminal = hasattr(out, "isatty") and out.isatty()
    return Console(file=out, width=None if terminal else _columns() or PIPED_WIDTH, highlight=False, soft_wrap=False)


def _columns() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) >= 40 else None


def wraps(out: TextIO) -> bool:
    """Findings wrap (with a hanging indent) only where a width was asked for: a terminal or `COLUMNS`."""
    return (hasattr(out, "isatty") and out.isatty()) or _columns() is not None


def render_findings(report: Report, console: Console, wrap: bool = False) -> None:
    for finding in report.findings:
        line = Text()
        where = finding.location
        line.append(f"{where.file}:{where.line}:{where.column}:", style="bold")
        line.append(" ")
        line.append(finding.code, style=SEVERITY_STYLES[finding.severity])
        if not wrap or line.cell_len + 1 + len(finding.message) <= console.width:
            line.append(f" {finding.message}")
            console.print(line, soft_wrap=True)
            continue
        # the first line keeps `path:line:col: CODE` whole (clickable); the message hangs under it
        room = console.width - line.cell_len - 1
        words = finding.message.split(" ")
        head: list[str] = []
        while words and len(" ".join([*head, words[0]])) <= room:
            head.append(words.pop(0))
        if head:
            line.append(" " + " ".join(head))
        console.print(line, soft_wrap=True)
        for part in textwrap.wrap(" ".join(words), console.width - HANGING, break_long_words=False, break_on_hyphens=False):
            console.print(" " * HANGING + part, soft_wrap=True)


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    console = console_for(out)
    wrap = wraps(out)
    render_findings(report, console, wrap=wrap)
    if options.quiet:
        return
    if report.findings:
        console.print()
    for problem in report.problems:
        console.print(Text(f"warning: {problem}", style="yellow"), soft_wrap=not wrap)
    if report.project.server_files + report.project.client_files == 0:
        console.print(Text("warning: no source files found: check the paths and the server/client settings", style="yellow"))
    if report.problems:
        console.print()
    if report.checklists:
        table, legend = _table(report, console)
        console.print(table)
        if legend:
            console.print(Text(legend, style="dim"))
    else:
        console.print("No WebSocket endpoints found.")
    console.print(_metrics(report, console.width))
    console.print(_summary(report))
    write_notes(out, options)


def _table(report: Report, console: Console) -> tuple[Table, str | None]:
    """The checklist with the phases' names as headers when it fits the width; else numbered
    phases with a legend, and endpoint paths elided from the left (their ends tell them apart)."""
    failed_by = [_failed_by(item, report) for item in report.checklists]
    wide = _checklist(report, failed_by, {p: SHORT_TITLES[p] for p in Phase}, None)
    unlimited = console.options.update_width(10_000)
    if Measurement.get(console, unlimited, wide).maximum <= console.width:
        return wide, None
    numbered = {phase: str(number) for number, phase in enumerate(Phase, 1)}
    fixed = Measurement.get(console, unlimited, _checklist(report, failed_by, numbered, 1)).maximum - 1
    return _checklist(report, failed_by, numbered, max(12, console.width - fixed)), LEGEND


def _checklist(report: Report, failed_by: list[str], titles: dict[Phase, str], path_width: int | None) -> Table:
    table = Table(title="WebSocket checklist", title_justify="left", show_lines=False)
    table.add_column("Endpoint", overflow="fold", no_wrap=path_width is not None)
    for phase in Phase:
        table.add_column(titles[phase], justify="center")
    if any(failed_by):
        table.add_column("Failed by")
    for item, codes in zip(report.checklists, failed_by):
        path = item.endpoint.label if path_width is None else elide_left(item.endpoint.label, path_width)
        table.add_row(Text(path), *(SYMBOLS[item.phases[phase].status] for phase in Phase), *([codes] if any(failed_by) else []))
    return table


def _failed_by(item: EndpointChecklist, report: Report) -> str:
    """The codes of the findings that failed a phase; `phase N` where none was reported
    (its rule is deselected or the finding suppressed)."""
    found: list[str] = []
    for number, phase in enumerate(Phase, 1):
        answer = item.phases[phase]
        if answer.status is Status.FAIL:
            codes = [f.code for f in phase_findings(phase, answer, item.endpoint.path, report.findings)]
            found.extend(dict.fromkeys(codes) or [f"phase {number}"])
    return ", ".join(dict.fromkeys(found))


def elide_left(path: str, width: int) -> str:
    """`/api/v1/ws/workflow-history` in 20 cells: `…/workflow-history`, cut at a `/` when one fits."""
    if len(path) <= width:
        return path
    tail = path[len(path) - (width - 1):]
    cut = tail.find("/")
    return "…" + (tail[cut:] if cut > 0 and len(tail) - cut >= 8 else tail)


def _metrics(report: Report, columns: int) -> Text:
    metrics = report.metrics
    fallback, toggled = metrics.fallback_polling_sites, metrics.toggled_polling_sites
    polling = f"{metrics.polling_sites}"
    if metrics.polling_sites:
        conditional = f"{toggled} conditional without a socket, " if toggled else ""
        polling += f" ({fallback} fallback, {conditional}{metrics.polling_sites - fallback - toggled} unconditional)"
    if metrics.polling_sites_unknown_interval:
        polling += f", {metrics.polling_sites_unknown_interval} with an interval wscheck cannot resolve"
    coverage = f"{metrics.endpoints_with_broadcast}/{metrics.endpoints} endpoints ({metrics.coverage_percent:.0f}%"
    # an ingest-only socket needs no broadcast: say so, or a healthy app reads as poorly covered
    exempt = sum(1 for c in report.checklists if c.phases[Phase.BROADCAST].status is Status.NA)
    coverage += f"; {exempt} need{'s' if exempt == 1 else ''} none: phase 2 n/a)" if exempt else ")"
    rows = [
        ("WebSocket endpoints", str(metrics.endpoints)),
        ("Broadcasting coverage", coverage if metrics.endpoints else "n/a"),
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
        head = f"  {label + ':':<{width + 1}} "
        lines = textwrap.wrap(value, max(20, columns - len(head)), break_long_words=False) or [""]
        text.append(head + f"\n{' ' * len(head)}".join(lines) + "\n", style="")
    return text


def _summary(report: Report) -> Text:
    counts = {s: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    total = sum(counts.values())
    project = report.project
    scanned = f"{plural(project.files_scanned, 'file')} scanned ({project.server_files} server, {project.client_files} client, " \
              f"{project.test_files} test, {project.doc_files} doc)"
    if report.stats.skipped:  # never silently: the count here, the paths under --verbose
        scanned += f"; skipped as vendored or generated: {skipped_summary(report.stats)}"
    if not total:
        return Text(f"All checks passed. {scanned}.", style="green")
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return Text(f"Found {plural(total, 'finding')} ({', '.join(parts)}). {scanned}.")
