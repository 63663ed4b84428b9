"""GitHub reporter: workflow-command annotations, and a Markdown job summary in $GITHUB_STEP_SUMMARY.

GitHub shows only the first few annotations of a step, so the summary carries the
checklist, the metrics and the counts per code.
"""

from __future__ import annotations

import os
from typing import TextIO

from wscheck.checklist import Phase
from wscheck.config import ConfigError
from wscheck.findings import Severity
from wscheck.report import Report
from wscheck.units import per_minute, plural
from wscheck.reporters.common import RenderOptions, rule_url
from wscheck.reporters.statistics import count_by_code
from wscheck.reporters.text import SHORT_TITLES, SYMBOLS

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
MAX_LISTED = 50  # findings listed in the summary; the rest are counted


def escape_data(text: str) -> str:
    """The message after `::`, escaped as GitHub's toolkit does (issueCommand's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: `:` and `,` would end it, so they are escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding) -> str:
    where = finding.location
    properties = {
        "file": where.file,
        "line": str(max(where.line, 1)),
        "col": str(max(where.column, 1)),
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def summary(report: Report) -> str:
    counts = {s: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        headline = f"**{total} finding{'s' if total != 1 else ''}** ({parts})"
    else:
        headline = "**All checks passed.**"
    project = report.project
    scanned = (f"{plural(project.files_scanned, 'file')} scanned ({project.server_files} server, {project.client_files} client, "
               f"{project.test_files} test, {project.doc_files} doc)")
    lines = ["## wscheck", "", f"{headline} · {scanned}", ""]
    lines += [f"- ⚠️ {_cell(problem)}" for problem in report.problems] + ([""] if report.problems else [])
    lines += _checklist(report) + _metrics(report) + _codes(report) + _findings(report)
    return "\n".join(lines) + "\n"


def _checklist(report: Report) -> list[str]:
    lines = ["### WebSocket checklist", ""]
    if not report.checklists:
        return lines + ["No WebSocket endpoints found.", ""]
    lines.append("| Endpoint | " + " | ".join(SHORT_TITLES[phase] for phase in Phase) + " |")
    lines.append("|---|" + ":-:|" * len(Phase))
    for item in report.checklists:
        marks = " | ".join(SYMBOLS[item.phases[phase].status] for phase in Phase)
        lines.append(f"| {_code(item.endpoint.label)} | {marks} |")
    return lines + ["", "✅ pass · ❌ fail · ➖ n/a (the phase's inputs are absent)", ""]


def _metrics(report: Report) -> list[str]:
    metrics = report.metrics
    coverage = (
        f"{metrics.endpoints_with_broadcast}/{metrics.endpoints} ({metrics.coverage_percent:.0f}%)"
        if metrics.endpoints else "n/a"
    )
    polling = str(metrics.polling_sites)
    if metrics.polling_sites_unknown_interval:
        polling += f" ({metrics.polling_sites_unknown_interval} with an unresolved interval)"
    return [
        "### Metrics",
        "",
        "| Metric | Value |",
        "|---|---|",
        f"| WebSocket endpoints | {metrics.endpoints} |",
        f"| Broadcasting coverage | {coverage} |",
        f"| HTTP polling sites | {polling} |",
        f"| Estimated HTTP polling | {per_minute(metrics.requests_per_minute)} requests/minute per open client |",
        "",
    ]


def _codes(report: Report) -> list[str]:
    rows = count_by_code(report)
    if not rows:
        return []
    lines = ["### Findings by code", "", "| Code | Name | Severity | Count |", "|---|---|---|--:|"]
    lines += [f"| [{r.code}]({rule_url(r.code)}) | {r.name} | {r.severity.value} | {r.count} |" for r in rows]
    return lines + [""]


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return []
    lines = ["<details><summary>Findings</summary>", "", "| Location | Code | Message |", "|---|---|---|"]
    for finding in report.findings[:MAX_LISTED]:
        where = finding.location
        lines.append(f"| {_code(f'{where.file}:{where.line}:{where.column}')} | {finding.code} | {_cell(finding.message)} |")
    hidden = len(report.findings) - MAX_LISTED
    if hidden > 0:
        lines += ["", f"… and {hidden} more (run wscheck locally, or use `--format sarif` for code scanning)."]
    return lines + ["", "</details>", ""]


def _cell(text: str) -> str:
    """Table-cell text: no line breaks, no column breaks, no stray HTML."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text and "|" not in text else _cell(text)


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    for finding in report.findings:
        out.write(annotation(finding) + "\n")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(summary(report))
        except OSError as error:
            raise ConfigError(f"cannot append the job summary to GITHUB_STEP_SUMMARY={target}: {error.strerror}") from None
