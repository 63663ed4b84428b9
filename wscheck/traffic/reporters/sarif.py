"""SARIF: the findings that have a source location (joined by `--project` to a polling site
or a serving endpoint) as results; the others, placed only in a log, as notifications.
Its own category, so code scanning keeps these apart from `wscheck check`'s results."""

from __future__ import annotations

import hashlib
import json
from typing import TextIO

from wscheck import __version__
from wscheck.reporters.common import REPOSITORY
from wscheck.reporters.sarif import FINGERPRINT_KEY, LEVELS, SCHEMA, SRCROOT, _escape, _physical, _rule
from wscheck.rules.runtime import runtime_rules
from wscheck.traffic.report import TrafficFinding, TrafficReport

CATEGORY = "wscheck-traffic/"


def document(report: TrafficReport) -> dict:
    rules = [r for r in runtime_rules() if r.command == "traffic"]
    index = {rule.code: i for i, rule in enumerate(rules)}
    located = [f for f in report.findings if f.location is not None]
    notifications = [
        {"level": "warning", "message": {"text": f"{f.code} {f.message} (seen in {f.origin[0]}:{f.origin[1]}; "
                                                 "no source location: run with --project to join it)"}}
        for f in report.findings if f.location is None
    ] + [{"level": "error", "message": {"text": f"{i.name}: {i.error}"}} for i in report.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "wscheck", "version": __version__, "semanticVersion": __version__,
                                "informationUri": REPOSITORY, "rules": [_rule(rule) for rule in rules]}},
            "automationDetails": {"id": CATEGORY},
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The directory wscheck ran in (the repository root in CI)."}}
            },
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "results": [_result(f, index) for f in located],
        }],
    }


def _result(finding: TrafficFinding, index: dict[str, int]) -> dict:
    result = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": _escape(finding.message)},
        "locations": [{"physicalLocation": _physical(finding.location)}],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding)},
        "properties": {"method": finding.method, "path": finding.path,
                       "seenIn": f"{finding.origin[0]}:{finding.origin[1]}"},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(location), "message": {"text": f"evidence for {finding.code}"}}
            for i, location in enumerate(finding.related, 1)
        ]
        # GitHub shows related locations only when the message links to them by id
        links = ", ".join(f"[{_escape(f'{where.file}:{where.line}')}]({i})" for i, where in enumerate(finding.related, 1))
        result["message"]["text"] += f" (see {links})"
    return result


def _fingerprint(finding: TrafficFinding) -> str:
    key = "\0".join((finding.code, finding.method, finding.path, finding.location.file if finding.location else ""))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def render(report: TrafficReport, out: TextIO) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
