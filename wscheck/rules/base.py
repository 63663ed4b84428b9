"""Rule: the shape every rule has (code, name, severity, docs, examples, check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Iterable

from wscheck.config import Settings, Severity
from wscheck.facts import Location
from wscheck.model.entities import Project


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
    # the finding's source line, filled in by the report for fingerprints (not part of equality)
    snippet: str = field(default="", compare=False)
    # the file relative to the path that was scanned: fingerprints do not depend on the cwd
    anchor: str = field(default="", compare=False)

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.code, self.message)


@dataclass(frozen=True)
class Example:
    """A multi-file example: {relative path: source}. Runs as a test; prints as docs."""

    files: tuple[tuple[str, str], ...]


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line: what it flags
    why: ClassVar[str]  # why it is bad
    bad: ClassVar[Example]
    good: ClassVar[Example]

    def check(self, project: Project, settings: Settings) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, location: Location, message: str, **extra) -> Finding:
        return Finding(self.code, self.name, self.severity, location, message, **extra)


def example(**files: str) -> Example:
    """example(**{"app/ws.py": "..."}) with the sources dedented."""
    from textwrap import dedent

    return Example(tuple((path, dedent(source).lstrip("\n")) for path, source in files.items()))
