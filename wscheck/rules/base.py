"""Rule: the shape every rule has (code, name, severity, docs, examples, check)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from wscheck.config import Settings
from wscheck.facts import Location
from wscheck.findings import Finding, Severity
from wscheck.model.entities import Project


# What a phase needs and which rules fail it, shown in the docs of each rule that fails it.
PHASE_2_BROADCASTING = (
    "Phase 2, Broadcasting: something sends the endpoint's updates after its initial data (a "
    "broadcast of each type it sends, a push loop, a publish to the channel it subscribes to). It "
    "fails with WS101 (a type nothing broadcasts) or WS102 (a manager or channel nothing "
    "broadcasts through); the checklist's `Failed by` column names the code."
)
PHASE_7_CLEANUP = (
    "Phase 7, Cleanup (no polling): once the socket delivers an endpoint's updates, the HTTP "
    "polling it replaced is gone, and a fallback that polls only while the socket is down is no "
    "faster than `min-fallback-interval-ms` (60 s). The phase fails when the client still polls the "
    "resource the endpoint serves (WS203) or the endpoint's hook falls back faster than that (WS202); "
    "a fast fallback in a shared hook fails phase 7 of every endpoint that uses the hook. The "
    "checklist's `Failed by` column names the code."
)


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


class RuntimeRule(Rule):
    """A rule reported from what the running app does (`wscheck probe`, `wscheck traffic`),
    never by a static scan (`rules.runtime` lists them); its examples are what that command
    reads: an app to serve and probe, or a log."""

    command: ClassVar[str]  # the command that reports it

    def check(self, project: Project, settings: Settings) -> Iterable[Finding]:
        return ()  # nothing in the source says what the running app does


def example(**files: str) -> Example:
    """example(**{"app/ws.py": "..."}) with the sources dedented."""
    from textwrap import dedent

    return Example(tuple((path, dedent(source).lstrip("\n")) for path, source in files.items()))
