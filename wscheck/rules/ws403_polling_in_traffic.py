"""WS403 polling-in-traffic: a client requests one path at a steady interval (access logs, HAR)."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import RuntimeRule, example

CLIENT = """
    import { useQuery } from '@tanstack/react-query';

    export const useQueue = () =>
      useQuery({ queryKey: ['queue'], queryFn: () => fetch('/api/v1/queue').then((r) => r.json()), refetchInterval: 3000 });
    """


def log(*seconds: int, path: str = "/api/v1/queue") -> str:
    """uvicorn access lines, with a time in front (as a log config adds one)."""
    return "".join(
        f'2025-12-08 10:{s // 60:02d}:{s % 60:02d},{(s * 37) % 1000:03d} INFO:     127.0.0.1:52000 - "GET {path} HTTP/1.1" 200 OK\n'
        for s in seconds
    )


class PollingInTraffic(RuntimeRule):
    code = "WS403"
    name = "polling-in-traffic"
    severity = Severity.WARNING
    command = "traffic"
    summary = (
        "`wscheck traffic`: a client requests the same path at a steady interval, in an access log "
        "(uvicorn, gunicorn, hypercorn, nginx, Apache, JSON lines) or a HAR file."
    )
    why = (
        "The post-mortem's polling was found by reading a log by eye (`GET /api/v1/queue` every 3 "
        "seconds, ~180 requests/minute): static analysis says what the code can do, the traffic says "
        "what it does, including polling the scan cannot see (a fallback that is on because the socket "
        "is idle, another client, a script). Each client's requests to one path (ids folded into `{id}`, "
        "the query dropped) are a series; one whose gaps keep a steady beat, at least 4 requests, is "
        "polling. `--project` joins each polled path to the polling site whose URL it is; when a "
        "WebSocket endpoint serves the same resource the finding is WS404 instead."
    )
    bad = example(**{
        "client/src/useQueue.ts": CLIENT,
        "logs/backend.log": log(0, 3, 6, 9, 12, 15),
    })
    good = example(**{
        "client/src/useQueue.ts": """
            import { useQuery } from '@tanstack/react-query';

            // fetched when the page opens and when the user asks: no timer
            export const useQueue = () =>
              useQuery({ queryKey: ['queue'], queryFn: () => fetch('/api/v1/queue').then((r) => r.json()) });
            """,
        "logs/backend.log": log(0, 41, 47, 130, 302),
    })
