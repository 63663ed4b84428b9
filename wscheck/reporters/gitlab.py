"""GitLab reporter: a Code Quality report (a JSON list of issues) for merge-request widgets."""

from __future__ import annotations

import json
from typing import TextIO

from wscheck.findings import Severity
from wscheck.report import Report
from wscheck.reporters.common import RenderOptions, unique_fingerprints

# GitLab's scale is info < minor < major < critical < blocker; critical and blocker are
# kept for security-grade problems, as ESLint's and ruff's Code Quality output do.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def document(report: Report) -> list[dict]:
    return [
        {
            "description": f"{finding.code} {finding.message}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {"path": finding.location.file, "lines": {"begin": max(finding.location.line, 1)}},
        }
        for finding, fingerprint in zip(report.findings, unique_fingerprints(report.findings))
    ]


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
