"""The probe's JSON document, version 1 (as `check`'s): `probes`, `skipped` and `findings`."""

from __future__ import annotations

import json
from typing import TextIO

from wscheck import __version__
from wscheck.probe.connections import EndKind
from wscheck.probe.report import ProbeReport
from wscheck.probe.verdicts import Result, Status, TypeCount


def document(report: ProbeReport) -> dict:
    plan = report.plan
    return {
        "version": 1,
        "tool": {"name": "wscheck", "version": __version__},
        "command": "probe",
        "base_url": report.base_url,
        "settle_s": plan.settle,
        "wait_s": plan.wait,
        "summary": {
            "probed": len(report.results),
            **{status.value: report.count(status) for status in Status},
            "skipped": len(report.skipped),
            "elapsed_s": round(report.elapsed_s, 3),
            "findings": {s: sum(1 for f in report.findings if f.severity.value == s) for s in ("error", "warning", "info")},
        },
        "probes": [_probe(result) for result in report.results],
        "skipped": [{"path": s.label, "reason": s.reason, "static": _static(s.static)} for s in report.skipped],
        "findings": [
            {"code": f.code, "name": f.name, "severity": f.severity.value, "url": f.url, "namespace": f.namespace, "path": f.path,
             "file": f.file, "line": f.line, "message": f.message}
            for f in report.findings
        ],
    }


def _probe(result: Result) -> dict:
    observation = result.observation
    target, ended = observation.target, observation.ended
    return {
        "url": target.shown_url,
        "path": target.path,
        "protocol": "socketio" if target.socketio else "websocket",
        "namespace": target.namespace if target.socketio else None,
        "status": result.status.value,
        "code": result.code,
        "verdict": result.verdict,
        "connect_ms": None if observation.connect_ms is None else round(observation.connect_ms, 1),
        "settled_after_s": observation.settled_at,
        "watched_s": round(observation.watched_s, 3),
        "first_update_after_s": result.first_update_s,
        "initial": [_count(c) for c in result.initial],
        "updates": [{**_count(c), "own_type": c.own} for c in result.updates],
        "http_status": ended.http_status if ended else None,
        "close": {"code": ended.code, "reason": ended.reason, "after_s": ended.at} if ended and ended.kind is EndKind.CLOSED else None,
        "error": ended.detail if ended else None,
        "static": _static(target.static),
    }


def _count(count: TypeCount) -> dict:
    return {"type": count.type, "count": count.count, "first_after_s": count.first_after_s}


def _static(static) -> dict | None:
    if static is None:
        return None
    return {"codes": list(static.codes), "summary": static.summary, "message_types": list(static.types),
            "file": static.file, "line": static.line}


def render(report: ProbeReport, out: TextIO) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
