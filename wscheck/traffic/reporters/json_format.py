"""JSON: version 1 of `wscheck traffic`'s document (docs/traffic.md): inputs, summary, the
polled paths with their series and joined sites, and the findings; sorted, byte-stable."""

from __future__ import annotations

import json
from typing import TextIO

from wscheck import __version__
from wscheck.findings import Severity
from wscheck.traffic.report import PolledPath, TrafficReport


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def document(report: TrafficReport) -> dict:
    return {
        "version": 1,
        "tool": {"name": "wscheck", "version": __version__},
        "command": "traffic",
        "project": report.project,
        "inputs": [
            {"file": i.name, "format": i.format.value if i.format else None, "requests": i.requests, "timed": i.timed,
             "malformed": i.malformed, "first_malformed_line": i.first_malformed, "other_lines": i.other,
             "followed": i.followed, "error": i.error}
            for i in report.inputs
        ],
        "summary": {
            "requests": report.requests,
            "timed_requests": report.timed,
            "untimed_series": report.untimed_series,  # long enough to judge, but with no timestamps
            "span_s": _round(report.span_s),
            "requests_per_minute": _round(report.per_minute, 1),
            "polled_paths": len(report.polled),
            "polling_requests_per_minute": _round(report.polling_per_minute, 1),
            "malformed_lines": report.malformed,
            "websocket_handshakes": report.handshakes,
            "findings": {s.value: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        },
        "polling": [_polled(p) for p in report.polled],
        "findings": [
            {"code": f.code, "name": f.name, "severity": f.severity.value, "method": f.method, "path": f.path,
             "message": f.message,
             "file": f.location.file if f.location else None, "line": f.location.line if f.location else None,
             "column": f.location.column if f.location else None,
             "seen_in": {"file": f.origin[0], "line": f.origin[1]},
             **({"implies": list(f.implies)} if f.implies else {})}
            for f in report.findings
        ],
        "notes": list(report.notes),
    }


def _polled(path: PolledPath) -> dict:
    return {
        "method": path.method,
        "path": path.path,
        "interval_s": _round(path.interval_s),
        "per_minute": _round(path.per_minute, 1),
        "clients": path.clients,
        "requests": path.requests,
        "series": [
            {"client": s.client, "interval_s": _round(s.interval_s), "timers": s.pollers,
             "per_minute": _round(s.per_minute, 1), "requests": s.requests,
             "first": _round(s.first), "last": _round(s.last), "seen_in": {"file": s.source, "line": s.line}}
            for s in path.series
        ],
        "sites": [
            {"file": s.location.file, "line": s.location.line, "column": s.location.column, "kind": s.kind,
             "interval_ms": s.interval_ms, "conditional": s.conditional, "codes": list(s.codes), "via": s.via}
            for s in path.sites
        ],
        "endpoints": [{"path": e.path, "file": e.location.file, "line": e.location.line} for e in path.endpoints],
    }


def render(report: TrafficReport, out: TextIO) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
