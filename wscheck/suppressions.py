"""Suppressions: inline `ignore` comments, per-file ignores and the endpoint allow-list,
applied to every finding before selection — and WS003 for the comments that matched nothing."""

from __future__ import annotations

import fnmatch

from wscheck.config import Settings
from wscheck.facts import Location, Suppression
from wscheck.findings import Finding
from wscheck.rules import RULES_BY_CODE


def allowed_endpoint(path: str | None, settings: Settings) -> bool:
    return path is not None and any(fnmatch.fnmatchcase(path, pattern) for pattern in settings.allow_endpoints)


def ignored_for_file(finding: Finding, settings: Settings) -> bool:
    for pattern, codes in settings.per_file_ignores:
        if fnmatch.fnmatch(finding.location.file, pattern) or fnmatch.fnmatch(finding.location.file, f"*/{pattern}"):
            if any(code.startswith(c) or c == "ALL" for code in finding.codes for c in codes):
                return True
    return False


def _matches(suppression: Suppression, finding: Finding, first_line: int) -> bool:
    """Covers the finding's line — or, for an endpoint's `def`, any line of its decorators."""
    lines = range(min(first_line, finding.location.line), finding.location.line + 1)
    return any(suppression.covers(line) for line in lines) and (not suppression.codes or any(c in suppression.codes for c in finding.codes))


def apply(
    findings: list[Finding],
    suppressions: dict[str, tuple[Suppression, ...]],
    settings: Settings,
    headers: dict[tuple[str, int], int] | None = None,  # (file, def line) -> first decorator line
) -> list[Finding]:
    """The findings that survive, plus one WS003 per suppression comment that silenced nothing."""
    used: set[tuple[str, Suppression]] = set()
    kept: list[Finding] = []
    headers = headers or {}
    for finding in findings:
        if ignored_for_file(finding, settings) or allowed_endpoint(finding.endpoint, settings):
            continue
        first = headers.get((finding.location.file, finding.location.line), finding.location.line)
        matching = [s for s in suppressions.get(finding.location.file, ()) if _matches(s, finding, first)]
        used.update((finding.location.file, s) for s in matching)
        if not matching:
            kept.append(finding)
    rule = RULES_BY_CODE["WS003"]
    for file, items in suppressions.items():
        for suppression in items:
            if (file, suppression) in used:
                continue
            unknown = [c for c in suppression.codes if c not in RULES_BY_CODE]
            if unknown:
                message = f"suppression names an unknown rule code {', '.join(unknown)} (see `wscheck rule`)"
            else:
                codes = ", ".join(suppression.codes) if suppression.codes else "any code"
                message = f"unused suppression: nothing here is reported for {codes}"
            unused = rule.finding(Location(file, suppression.line, 1), message)
            if not ignored_for_file(unused, settings):
                kept.append(unused)
    return kept
