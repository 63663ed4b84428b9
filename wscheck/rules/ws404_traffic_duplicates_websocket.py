"""WS404 traffic-duplicates-websocket: a path polled at run time is a resource a socket already serves."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import RuntimeRule, example
from wscheck.rules.ws403_polling_in_traffic import log

SERVER = """
    from fastapi import APIRouter, WebSocket

    router = APIRouter(prefix="/api/v1")

    @router.websocket("/ws/queue")
    async def queue_socket(websocket: WebSocket):
        await websocket.accept()
        await websocket.send_json({"type": "queue_update", "data": await read_queue()})
        async for update in queue_updates():
            await websocket.send_json({"type": "queue_update", "data": update})
    """


class TrafficDuplicatesWebsocket(RuntimeRule):
    code = "WS404"
    name = "traffic-duplicates-websocket"
    severity = Severity.ERROR
    command = "traffic"
    summary = (
        "`wscheck traffic --project`: a path polled in the traffic is a resource that a WebSocket "
        "endpoint already serves (`GET /api/v1/queue` every 3 s beside `/api/v1/ws/queue`)."
    )
    why = (
        "WS203 at run time: the socket exists, yet clients still poll what it pushes, so the load of "
        "the migration's 'before' remains, and the polling hides whether the socket works (the "
        "post-mortem's fallback polled because its sockets were idle). The join is WS203's: the polled "
        "path equals the endpoint's path without its socket segment. The finding points at the polling "
        "site that requests the path (its URL, or the fallback of the hook that opens the socket), else "
        "at the endpoint. It is polling in traffic too: reported once, as WS404, it carries WS403."
    )
    bad = example(**{
        "server/routes.py": SERVER,
        "client/src/useQueue.ts": """
            import { useQuery } from '@tanstack/react-query';

            export const useQueue = () =>
              useQuery({ queryKey: ['queue'], queryFn: () => fetch('/api/v1/queue').then((r) => r.json()), refetchInterval: 3000 });
            """,
        "logs/backend.log": log(0, 3, 6, 9, 12, 15),
    })
    good = example(**{
        "server/routes.py": SERVER,
        "client/src/useQueue.ts": """
            import { useEffect, useState } from 'react';

            export function useQueue() {
              const [queue, setQueue] = useState(null);
              useEffect(() => {
                const socket = new WebSocket(`ws://${location.host}/api/v1/ws/queue`);
                socket.onmessage = (event) => setQueue(JSON.parse(event.data).data);
                return () => socket.close();
              }, []);
              return queue;
            }
            """,
        # fetched once when the page opens; the socket carries every update after that
        "logs/backend.log": log(0) + '2025-12-08 10:00:00,412 INFO:     127.0.0.1:52004 - "WebSocket /api/v1/ws/queue" '
                            "[accepted]\n2025-12-08 10:00:00,413 INFO:     connection open\n",
    })
