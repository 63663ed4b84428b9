"""Report: run the rules, apply selection and suppressions, and compute the metrics."""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass, replace

from wscheck import checklist
from wscheck.config import Settings, Severity
from wscheck.facts import Suppression
from wscheck.model.entities import Project
from wscheck.model.queries import Status
from wscheck.rules import RULES, Finding


@dataclass(frozen=True)
class Metrics:
    endpoints: int
    endpoints_with_broadcast: int
    polling_sites: int
    polling_sites_unknown_interval: int
    requests_per_minute: float  # estimated per open client, with every socket down

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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self) -> bool:
        return any(f.severity.rank >= self.settings.fail_on.rank for f in self.findings)


def selected(code: str, settings: Settings) -> bool:
    chosen = not settings.select or any(code.startswith(p) or p == "ALL" for p in settings.select)
    return chosen and not any(code.startswith(p) or p == "ALL" for p in settings.ignore)


def fingerprint(finding: Finding) -> str:
    """Stable across line moves: made of what the finding is about, never its line."""
    subject = finding.endpoint or finding.message_type or finding.message
    key = "\0".join((finding.code, finding.location.file, subject, finding.message_type or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def build_report(project: Project, settings: Settings, suppressions: dict[str, tuple[Suppression, ...]], problems=()) -> Report:
    checklists = checklist.evaluate(project, settings)
    overrides = dict(settings.severity)
    findings: list[Finding] = []
    for rule in RULES:
        if not selected(rule.code, settings):
            continue
        for finding in rule.check(project, settings):
            if finding.code in overrides:
                finding = replace(finding, severity=overrides[finding.code])
            if _ignored_for_file(finding, settings) or _suppressed(finding, suppressions.get(finding.location.file, ())):
                continue
            findings.append(finding)
    findings = sorted(set(findings), key=Finding.sort_key)
    return Report(project, checklists, findings, _metrics(project, checklists), settings, tuple(problems))


def _ignored_for_file(finding: Finding, settings: Settings) -> bool:
    for pattern, codes in settings.per_file_ignores:
        if fnmatch.fnmatch(finding.location.file, pattern) or fnmatch.fnmatch(finding.location.file, f"*/{pattern}"):
            if any(finding.code.startswith(c) or c == "ALL" for c in codes):
                return True
    return False


def _suppressed(finding: Finding, suppressions: tuple[Suppression, ...]) -> bool:
    line = finding.location.line
    return any(s.line in (line, line - 1) and (not s.codes or finding.code in s.codes) for s in suppressions)


def _metrics(project: Project, checklists) -> Metrics:
    covered = sum(1 for c in checklists if c.phases[checklist.Phase.BROADCAST].status is Status.PASS)
    per_minute = sum(60_000 / p.interval_ms * p.instances for p in project.polling if p.interval_ms)
    unknown = sum(1 for p in project.polling if p.interval_ms is None)
    return Metrics(len(project.endpoints), covered, len(project.polling), unknown, round(per_minute, 1))
