"""What the reporters share: their options, and helpers for the CI formats (rule links,
unique fingerprints, evidence notes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, TextIO

from wscheck.answers import Answer
from wscheck.checklist import Phase
from wscheck.facts import Location
from wscheck.findings import Finding
from wscheck.report import Report, fingerprint

# The rules that report each phase's failure (SPEC's checklist table).
PHASE_CODES = {
    Phase.BROADCAST: ("WS101", "WS102"),
    Phase.CLIENT_HOOK: ("WS301",),
    Phase.COMPONENT: ("WS302",),
    Phase.TESTS: ("WS303",),
    Phase.DOCS: ("WS304",),
    Phase.CLEANUP: ("WS202", "WS203"),
}

# Must equal [project.urls] Homepage in pyproject.toml (a test holds the two together).
REPOSITORY = "https://github.com/wscheck/wscheck"


@dataclass(frozen=True)
class RenderOptions:
    """Every renderer's third argument; the formats for scripts ignore it."""

    quiet: bool = False  # the findings only (`--quiet`)
    notes: tuple[str, ...] = ()  # what the report leaves out (baseline, `--new-since`): text ends with them


def write_notes(out: TextIO, options: RenderOptions) -> None:
    """The end of a report for people: the notes, one a line, unless quiet."""
    if not options.quiet:
        out.write("".join(f"{line}\n" for line in options.notes))


def rule_url(code: str) -> str:
    """The rule's page in the repository (`blob/HEAD` follows the default branch)."""
    return f"{REPOSITORY}/blob/HEAD/docs/rules/{code}.md"


def unique_fingerprints(findings: Iterable[Finding]) -> list[str]:
    """`report.fingerprint` for each finding; a repeat (same code, file and subject, e.g. two
    identical polling sites in one file) gets `:2`, `:3`… in report order, so that CI systems
    that key on the fingerprint keep every finding apart."""
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        base = fingerprint(finding)
        seen[base] += 1
        result.append(base if seen[base] == 1 else f"{base}:{seen[base]}")
    return result


def related(finding: Finding) -> list[tuple[Location, str | None]]:
    """The finding's evidence as (location, note): rules give bare locations, so no note."""
    return [(location, None) for location in finding.related]


def evidence_notes(report: Report) -> dict[Location, str]:
    """What the checklist says about each evidence location (first note wins)."""
    notes: dict[Location, str] = {}
    for item in report.checklists:
        for answer in item.phases.values():
            for evidence in answer.evidence:
                notes.setdefault(evidence.location, evidence.note)
    return notes


def phase_findings(phase: Phase, answer: Answer, path: str, findings: list[Finding]) -> list[Finding]:
    """The findings that report a phase's failure: the phase's codes, about this endpoint or
    at one of the phase's evidence sites (a fallback poller shared by several endpoints)."""
    sites = {e.location for e in answer.evidence}
    codes = PHASE_CODES.get(phase, ())
    return [f for f in findings if f.code in codes and (f.endpoint == path or f.location in sites)]
