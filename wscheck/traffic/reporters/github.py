"""GitHub: one workflow-command annotation per finding, on its polling site where the join
found one (else on no file), and a job summary table when $GITHUB_STEP_SUMMARY is set."""

from __future__ import annotations

import os
from typing import TextIO

from wscheck.config import ConfigError
from wscheck.reporters.github import COMMANDS, escape_data, escape_property
from wscheck.traffic.report import TrafficReport
from wscheck.traffic.reporters.text import totals


def annotation(finding) -> str:
    properties = {"title": f"{finding.code} {finding.name}"}
    if finding.location is not None:
        where = finding.location
        properties = {"file": where.file, "line": str(max(where.line, 1)), "col": str(max(where.column, 1)), **properties}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def summary(report: TrafficReport) -> str:
    lines = ["## wscheck traffic", ""]
    if report.polled:
        lines += ["| Code | Polled | Every | Requests/min | Clients | Site |", "|---|---|--:|--:|--:|---|"]
        codes = {(f.method, f.path): f.code for f in report.findings}
        for path in report.polled:
            site = f"`{path.sites[0].location.file}:{path.sites[0].location.line}`" if path.sites else "—"
            lines.append(f"| {codes[(path.method, path.path)]} | `{path.method} {path.path}` | {path.interval_s:.1f} s | "
                         f"{path.per_minute:.1f} | {path.clients} | {site} |")
        lines.append("")
    lines += [f"{line}  " for line in totals(report)]
    return "\n".join(lines) + "\n"


def render(report: TrafficReport, out: TextIO) -> None:
    for finding in report.findings:
        out.write(annotation(finding) + "\n")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(summary(report))
        except OSError as error:
            raise ConfigError(f"cannot append the job summary to GITHUB_STEP_SUMMARY={target}: {error.strerror}") from None
