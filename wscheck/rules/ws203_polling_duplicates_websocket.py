"""WS203 polling-duplicates-websocket: HTTP polling of a resource a WebSocket already serves."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.polling import belief_note, duplicate_polling
from wscheck.model.urls import resource_path, url_path
from wscheck.rules.base import PHASE_7_CLEANUP, Rule, example

SERVER = """
    from fastapi import APIRouter, WebSocket

    router = APIRouter(prefix="/api/v1")

    @router.websocket("/ws/system-status")
    async def system_status_socket(websocket: WebSocket):
        await websocket.accept()
        while True:
            await websocket.send_json({"type": "system_status_update", "data": await read_status()})
            await asyncio.sleep(30)
    """


class PollingDuplicatesWebsocket(Rule):
    code = "WS203"
    name = "polling-duplicates-websocket"
    severity = Severity.ERROR
    summary = (
        "A query polls, on a fixed interval, an HTTP resource that a WebSocket endpoint already "
        "serves (`/api/v1/system-status` next to `/api/v1/ws/system-status`)."
    )
    why = (
        "Both channels carry the same data: the polling doubles the load and hides whether the "
        "socket works. Matching is conservative: the polled URL (inline, or in the API function "
        "`queryFn` calls, across relative imports) equals the endpoint's path without its socket "
        "segment (`ws`, `websocket`, `socket`, …), or the query key names that resource's last "
        "segment. Fallback polling only while the socket is down is WS202's concern. The "
        "finding is HTTP polling too: it carries WS201, so `--select WS201`, a `per-file-ignores` "
        "or `wscheck: ignore[WS201]` for WS201 cover it (it is reported once, as WS203; "
        "`--ignore WS201` keeps it)."
    )
    phase = PHASE_7_CLEANUP
    bad = example(**{
        "server/routes.py": SERVER,
        "client/src/api.ts": """
            export const getSystemStatus = () => fetch('/api/v1/system-status').then((r) => r.json());
            """,
        "client/src/useSystemStatus.ts": """
            import { useQuery } from '@tanstack/react-query';
            import { getSystemStatus } from './api';

            export const useSystemStatus = () =>
              useQuery({ queryKey: ['status'], queryFn: getSystemStatus, refetchInterval: 30_000 });
            """,
    })
    good = example(**{
        "server/routes.py": SERVER,
        "client/src/api.ts": """
            export const getSystemStatus = () => fetch('/api/v1/system-status').then((r) => r.json());
            """,
        "client/src/useSystemStatus.ts": """
            import { useQuery } from '@tanstack/react-query';
            import { getSystemStatus } from './api';

            // fetched once; the socket pushes every change after that
            export const useSystemStatus = () =>
              useQuery({ queryKey: ['status'], queryFn: getSystemStatus, staleTime: Infinity });
            """,
    })

    def check(self, project, settings):
        for endpoint in project.endpoints:
            for polling in duplicate_polling(endpoint, project):
                what = url_path(polling.urls[0]).replace("*", "…") if polling.urls else f"query '{polling.query_key}'"
                yield self.finding(
                    polling.location,
                    f"polls {what} over HTTP although {endpoint.label} already pushes {resource_path(endpoint)} "
                    f"(HTTP polling, WS201, too); drop the interval and update the query from socket messages{belief_note(polling)}",
                    endpoint=endpoint.path,
                    related=(endpoint.location,),
                    implies=("WS201",),
                )
