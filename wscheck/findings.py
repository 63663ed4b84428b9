"""Findings: what a rule reports and how severe it is. A leaf under config, rules, report and
reporters, so that each of them can name a `Finding` or a `Severity` without the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from wscheck.facts import Location


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    location: Location
    message: str
    endpoint: str | None = None
    message_type: str | None = None
    related: tuple[Location, ...] = ()  # evidence: the broadcast site, the hook, the polling site
    # codes this finding is also an instance of (WS203 is HTTP polling, so WS201 too): selecting
    # or suppressing one of them selects or suppresses it
    implies: tuple[str, ...] = ()
    # the finding's source line, filled in by the report for fingerprints (not part of equality)
    snippet: str = field(default="", compare=False)
    # the file relative to the path that was scanned: fingerprints do not depend on the cwd
    anchor: str = field(default="", compare=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.implies)

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.code, self.message)
