"""Rule: the shape every rule has (code, name, severity, docs, examples, check)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from wscheck.config import Settings
from wscheck.facts import Location
from wscheck.findings import Finding, Severity
from wscheck.model.entities import Project


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
    phase: ClassVar[str] = ""  # the checklist phase it fails, explained (docs only)

    def check(self, project: Project, settings: Settings) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, location: Location, message: str, **extra) -> Finding:
        return Finding(self.code, self.name, self.severity, location, message, **extra)


def example(**files: str) -> Example:
    """example(**{"app/ws.py": "..."}) with the sources dedented."""
    from textwrap import dedent

    return Example(tuple((path, dedent(source).lstrip("\n")) for path, source in files.items()))
