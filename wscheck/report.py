"""Report: run the rules, apply selection and suppressions, and compute the metrics."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, replace
from typing import Callable

from wscheck import checklist
from wscheck.config import Settings
from wscheck.facts import Suppression
from wscheck.findings import Finding, Severity
from wscheck.answers import Status
from wscheck.model.apps import separate_apps
from wscheck.model.entities import Project
from wscheck.model.polling import is_fallback
from wscheck.rules import RULES
from wscheck.stats import ScanStats
from wscheck.suppressions import allowed_endpoint
from wscheck.suppressions import apply as apply_suppressions


@dataclass(frozen=True)
class Metrics:
    endpoints: int
    endpoints_with_broadcast: int
    polling_sites: int
    polling_sites_unknown_interval: int
    requests_per_minute: float  # estimated per open client, with every socket down
    fallback_polling_sites: int = 0  # polling while a socket is down
    # switched on and off, but by no socket (an SSE client's `streaming ? false : 5000`)
    toggled_polling_sites: int = 0

    @property
    def coverage_percent(self) -> float:
        return 100.0 * self.endpoints_with_broadcast / self.endpoints if self.endpoints else 0.0


@dataclass
class Report:
    project: Project
    checklists: list[checklist.EndpointChecklist]
    findings: list[Finding]
    metrics: Metrics
    settings: Settings
    problems: tuple[str, ...] = ()  # non-fatal discovery problems
    links_skipped: tuple[str, ...] = ()  # symlinks discovery did not follow, and why (for --verbose)
    stats: ScanStats = ScanStats()  # what the scan cost (filled in by the engine)
    baselined: int = 0  # findings left out because `--baseline` lists them
    stale_baseline: int = 0  # baseline entries that match no finding any more
    preexisting: int = 0  # findings left out because they were already there at `--new-since`

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self) -> bool:
        return any(f.severity.rank >= self.settings.fail_on.rank for f in self.findings)


def selected(code: str, settings: Settings, implies: tuple[str, ...] = ()) -> bool:
    """Selected by its own code or one it implies (`--select WS201` sees WS203's polling);
    ignored by its own code only (`--ignore WS201` keeps the more specific WS203)."""
    chosen = not settings.select or any(c.startswith(p) or p == "ALL" for c in (code, *implies) for p in settings.select)
    return chosen and not any(code.startswith(p) or p == "ALL" for p in settings.ignore)


def normalise(source_line: str) -> str:
    """A source line with its whitespace collapsed: re-indenting it changes nothing."""
    return " ".join(source_line.split())


def fingerprint(finding: Finding) -> str:
    """Stable across line moves and unrelated edits: the code, the file, what the finding is
    about (endpoint, message type) and its source line with whitespace collapsed; never the
    line number. (The message stands in for the line only where the source is unknown.)"""
    source = normalise(finding.snippet) or finding.message
    file = finding.anchor or finding.location.file
    key = "\0".join((finding.code, file, finding.endpoint or "", finding.message_type or "", source))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def build_report(
    project: Project,
    settings: Settings,
    suppressions: dict[str, tuple[Suppression, ...]],
    problems=(),
    source_line: Callable[[str, int], str] | None = None,
    anchor: Callable[[str], str] | None = None,
) -> Report:
    """`source_line(file, line)` gives each finding its snippet (for fingerprints)."""
    checklists = [c for c in checklist.evaluate(project, settings) if not allowed_endpoint(c.endpoint.path, settings)]
    # Every rule runs, so that a suppression counts as used even when its code is not selected.
    raw = [finding for rule in RULES for finding in rule.check(project, settings)]
    overrides = dict(settings.severity)
    findings: list[Finding] = []
    headers = {(e.location.file, e.location.line): e.first_line for e in project.endpoints}
    for finding in apply_suppressions(raw, suppressions, settings, headers):
        if not selected(finding.code, settings, finding.implies):
            continue
        if finding.code in overrides:
            finding = replace(finding, severity=overrides[finding.code])
        if source_line is not None:
            finding = replace(finding, snippet=source_line(finding.location.file, finding.location.line))
        if anchor is not None:
            finding = replace(finding, anchor=anchor(finding.location.file))
        findings.append(finding)
    findings = sorted(set(findings), key=Finding.sort_key)
    problems = (*problems, *_separate_apps_warning(project))
    return Report(project, checklists, findings, _metrics(project, checklists), settings, tuple(problems))


def _separate_apps_warning(project: Project) -> list[str]:
    apps = separate_apps(project.apps, project.endpoints)
    if not apps:
        return []
    where = ", ".join(f"{a.file}:{a.line}" for a in apps[:3]) + (", …" if len(apps) > 3 else "")
    # the folder that tells the first app apart: `examples/postmortem` beside `examples/postmortem-fixed`
    directories = [posixpath.dirname(a.file).split("/") for a in apps]
    shared = len(posixpath.commonprefix(directories))
    commands = ", ".join(f"`wscheck {'/'.join(d[: shared + 1]) or '.'}`" for d in directories[:3])
    return [
        f"this scan holds {len(apps)} separate apps ({where}): they are checked as one, so one app's broadcasts "
        f"can hide another's missing ones; scan them one at a time: {commands}"
    ]


def _metrics(project: Project, checklists) -> Metrics:
    covered = sum(1 for c in checklists if c.phases[checklist.Phase.BROADCAST].status is Status.PASS)
    per_minute = sum(60_000 / p.interval_ms * p.instances for p in project.polling if p.interval_ms)
    unknown = sum(1 for p in project.polling if p.interval_ms is None)
    fallback = sum(1 for p in project.polling if is_fallback(p, project))
    toggled = sum(1 for p in project.polling if p.conditional) - fallback
    return Metrics(len(checklists), covered, len(project.polling), unknown, round(per_minute, 1), fallback, toggled)
