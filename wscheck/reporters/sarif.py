"""SARIF reporter: one SARIF 2.1.0 run, shaped for GitHub code scanning's upload."""

from __future__ import annotations

import json
from typing import TextIO
from urllib.parse import quote

from wscheck import __version__
from wscheck.docs import rule_page
from wscheck.facts import Location
from wscheck.findings import Finding, Severity
from wscheck.report import Report
from wscheck.reporters.common import REPOSITORY, RenderOptions, evidence_notes, related, rule_url, unique_fingerprints
from wscheck.rules import RULES, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "wscheck/v1"  # ours; primaryLocationLineHash is left to GitHub's uploader
CATEGORY = "wscheck/"  # automationDetails.id: GitHub's category, no run-specific part
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000  # GitHub code scanning rejects a run with more
MAX_RELATED = 1_000  # GitHub code scanning's limit of locations per result


def document(report: Report) -> dict:
    index = {rule.code: i for i, rule in enumerate(RULES)}
    notes = evidence_notes(report)
    fingerprints = unique_fingerprints(report.findings)
    results = [_result(f, fp, index, notes) for f, fp in zip(report.findings, fingerprints)]
    notifications = [_notification(problem) for problem in report.problems]
    if len(results) > MAX_RESULTS:
        # Keep the most severe: GitHub would refuse the whole file otherwise.
        ranked = sorted(range(len(results)), key=lambda i: -report.findings[i].severity.rank)
        kept = set(ranked[:MAX_RESULTS])
        notifications.append(_notification(f"{len(results) - MAX_RESULTS} of {len(results)} results left out "
                                           f"(GitHub code scanning accepts at most {MAX_RESULTS} per run)"))
        results = [r for i, r in enumerate(results) if i in kept]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wscheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": REPOSITORY,
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "automationDetails": {"id": CATEGORY},
                # No absolute uri: the output stays byte-stable and leaks no local path; paths
                # are relative to the directory wscheck ran in, the checkout root in CI.
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The directory wscheck ran in (the repository root in CI)."}}
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": results,
                # the checklist's endpoints, so a reader of the SARIF alone sees every socket checked
                "properties": {"endpoints": [_endpoint(c.endpoint) for c in report.checklists]},
            }
        ],
    }


def _endpoint(endpoint) -> dict:
    return {
        "path": endpoint.path, "routed": endpoint.routed, "function": endpoint.function,
        "framework": endpoint.framework.value, "file": endpoint.location.file, "line": endpoint.location.line,
    }


def _rule(rule: Rule) -> dict:
    page = rule_page(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.why}"},
        "help": {"text": page, "markdown": page},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(finding: Finding, fingerprint: str, index: dict[str, int], notes: dict[Location, str]) -> dict:
    evidence = related(finding)[:MAX_RELATED]
    text = _escape(finding.message)
    if evidence:
        # GitHub shows related locations only when the message links to them by id.
        links = ", ".join(f"[{_escape(_where(loc, finding.location))}]({i})" for i, (loc, _) in enumerate(evidence, 1))
        text += f" (see {links})"
    result: dict = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result.update(
        {
            "level": LEVELS[finding.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": _physical(finding.location)}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
    )
    if evidence:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(loc), "message": {"text": note or notes.get(loc) or f"evidence for {finding.code}"}}
            for i, (loc, note) in enumerate(evidence, 1)
        ]
    properties = {k: v for k, v in (("endpoint", finding.endpoint), ("messageType", finding.message_type)) if v}
    if properties:
        result["properties"] = properties
    return result


def _physical(location: Location) -> dict:
    return {
        "artifactLocation": {"uri": quote(location.file, safe="/"), "uriBaseId": SRCROOT},
        "region": {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)},
    }


def _where(location: Location, primary: Location) -> str:
    return f"line {location.line}" if location.file == primary.file else f"{location.file}:{location.line}"


def _escape(text: str) -> str:
    """SARIF plain-text messages: literal brackets (and the escape itself) are backslashed,
    so that only our `[text](id)` links read as links."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _notification(text: str) -> dict:
    return {"level": "warning", "message": {"text": text}}


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
