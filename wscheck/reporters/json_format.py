"""JSON reporter: SPEC's version-1 document, sorted so that two runs print the same bytes."""

from __future__ import annotations

import json
from typing import TextIO

from wscheck import __version__
from wscheck.checklist import Phase
from wscheck.findings import Severity
from wscheck.facts import Location
from wscheck.report import Report, fingerprint
from wscheck.reporters.common import RenderOptions


def _where(location: Location) -> dict:
    return {"file": location.file, "line": location.line}


def document(report: Report) -> dict:
    """SPEC's version-1 document, key for key: anything more belongs to `wscheck map --format json`."""
    project = report.project
    metrics = report.metrics
    return {
        "version": 1,
        "tool": {"name": "wscheck", "version": __version__},
        "root": ".",
        "summary": {
            "files_scanned": project.files_scanned,
            "files_parsed": report.stats.files_parsed,
            "files_cached": report.stats.files_cached,
            "skipped_vendored": {"directories": report.stats.skipped_directories, "files": report.stats.skipped_files},
            "parse_errors": len(project.failures),
            "endpoints": metrics.endpoints,
            "endpoints_with_broadcast": metrics.endpoints_with_broadcast,
            "polling_sites": metrics.polling_sites,
            "estimated_polling_requests_per_minute": float(metrics.requests_per_minute),
            "findings": {s.value: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        },
        "endpoints": [_endpoint(c, report) for c in report.checklists],
        "broadcasts": [
            {**_where(b.location), "message_types": [t.name for t in b.types], "channel": b.channel}
            for b in project.broadcasts
        ],
        "polling": [
            {**_where(p.location), "kind": p.kind, "interval_ms": p.interval_ms if p.interval_ms is None else _number(p.interval_ms),
             "conditional": p.conditional}
            for p in project.polling
        ],
        "findings": [
            {
                "code": f.code, "name": f.name, "severity": f.severity.value, "file": f.location.file,
                "line": f.location.line, "column": f.location.column, "message": f.message,
                "endpoint": f.endpoint, "message_type": f.message_type, "fingerprint": fingerprint(f),
                **({"implies": list(f.implies)} if f.implies else {}),
            }
            for f in report.findings
        ],
    }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _endpoint(item, report: Report) -> dict:
    endpoint = item.endpoint
    broadcast = item.phases[Phase.BROADCAST]
    return {
        "path": endpoint.path,
        "declared_path": endpoint.declared_path,
        "routed": endpoint.routed,
        "file": endpoint.location.file,
        "line": endpoint.location.line,
        "function": endpoint.function,
        "framework": endpoint.framework.value,
        "message_types": [t.name for t in endpoint.data_types],
        "broadcasts": [
            {**_where(e.location), "message_type": e.message_type} for e in broadcast.evidence if e.message_type
        ],
        "phases": {
            phase.value: {
                "status": answer.status.value,
                "evidence": list({json.dumps(_where(e.location)): _where(e.location) for e in answer.evidence}.values()),
            }
            for phase, answer in item.phases.items()
        },
    }


def render(report: Report, out: TextIO, options: RenderOptions = RenderOptions()) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
