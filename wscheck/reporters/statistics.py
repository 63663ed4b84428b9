"""Statistics reporter (`--statistics`, not a `--format`): the number of findings per code,
most frequent first (as `ruff --statistics`), then the notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from wscheck.findings import Severity
from wscheck.report import Report
from wscheck.reporters.common import RenderOptions, write_notes


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    severity: Severity  # the most severe level reported under this code
    count: int


def count_by_code(report: Report) -> list[CodeCount]:
    counts = Counter(f.code for f in report.findings)
    names = {f.code: f.name for f in report.findings}
    worst: dict[str, Severity] = {}
    for finding in report.findings:
        if finding.code not in worst or finding.severity.rank > worst[finding.code].rank:
            worst[finding.code] = finding.severity
    rows = [CodeCount(code, names[code], worst[code], n) for code, n in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.code))


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    rows = count_by_code(report)
    width = max((len(str(row.count)) for row in rows), default=1)
    for row in rows:
        out.write(f"{row.count:>{width}}  {row.code}  {row.name}\n")
    write_notes(out, options)
