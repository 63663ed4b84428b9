"""JSON: the contract as a document (`wscheck map --format json`)."""

from __future__ import annotations

import json

from wscheck import __version__
from wscheck.contract.build import Contract, SocketTimerEntry
from wscheck.facts import Location


def _at(location: Location) -> dict:
    return {"file": location.file, "line": location.line}


def document(contract: Contract) -> dict:
    return {
        "version": 1,
        "tool": {"name": "wscheck", "version": __version__},
        "summary": {
            "endpoints": contract.coverage[1],
            "endpoints_with_broadcast": contract.coverage[0],
            "polling_sites": len(contract.polling),
            "estimated_polling_requests_per_minute": float(contract.requests_per_minute),
        },
        "endpoints": [
            {
                "path": e.path, "declared_path": e.declared_path, "routed": e.routed, **_at(e.location), "function": e.function,
                "framework": e.framework,
                "message_types": [
                    {
                        "name": t.name, "glob": t.glob, "sent_at": [_at(x) for x in t.sent_at],
                        "broadcast_at": [_at(x) for x in t.broadcast_at], "handled_at": [_at(x) for x in t.handled_at],
                        "updated_by": t.updated_by or None, "dead_broadcast_at": [_at(x) for x in t.dead_at],
                    }
                    for t in e.types
                ],
                "client": {
                    "connects_from": [{**_at(loc), "module": module} for loc, module in e.connects],
                    "components": [{**_at(loc), "module": module} for loc, module in e.components],
                    "socket_timers": [_timer(t) for t in e.socket_timers],
                },
                "phases": e.phases,
            }
            for e in contract.endpoints
        ],
        "broadcasts_without_endpoint": [
            {"message_type": name, "broadcast_at": [_at(x) for x in locs]} for name, locs in contract.other_broadcasts
        ],
        "socket_timers_without_endpoint": [_timer(t) for t in contract.other_socket_timers],
        "polling": [
            {
                **_at(p.location), "kind": p.kind, "interval_ms": p.interval_ms, "conditional": p.conditional,
                "global_default": p.global_default, "duplicates": p.duplicates,
            }
            for p in contract.polling
        ],
    }


def _timer(timer: SocketTimerEntry) -> dict:
    """A client timer sending over the socket: a pull or a keep-alive, not HTTP polling."""
    return {**_at(timer.location), "kind": timer.kind, "interval_ms": timer.interval_ms, "message_types": timer.message_types}


def render(contract: Contract) -> str:
    return json.dumps(document(contract), indent=2, ensure_ascii=False) + "\n"
