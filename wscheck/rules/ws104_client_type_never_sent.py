"""WS104 client-type-never-sent: the client waits for a message type the server never sends."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.message_types import client_handled, is_control, server_types
from wscheck.model.entities import MessageType
from wscheck.rules.base import Rule, example

SERVER = """
    from fastapi import APIRouter, WebSocket

    router = APIRouter()

    @router.websocket("/ws/orders")
    async def orders(websocket: WebSocket):
        await websocket.accept()
        while True:
            await websocket.send_json({"type": "order_update", "data": await next_order()})
    """


CLIENT = """
            export function useOrders(onOrder: (o: unknown) => void) {
              const ws = new WebSocket(`ws://${location.host}/ws/orders`);
              ws.onmessage = (event) => {
                const msg = JSON.parse(event.data);
                if (msg.type === 'orders_update') onOrder(msg.data);
              };
              return ws;
            }
            """


class ClientTypeNeverSent(Rule):
    code = "WS104"
    name = "client-type-never-sent"
    severity = Severity.ERROR
    summary = "The client handles a message type that the server neither sends nor broadcasts."
    why = (
        "The handler waits forever: a renamed type on one side, or a feature whose server half "
        "never shipped. Checked only when server sources were scanned and every server message "
        "type resolved (no WS002), so that nothing is guessed."
    )
    bad = example(**{"server/routes.py": SERVER, "client/src/useOrders.ts": CLIENT})
    good = example(**{"server/routes.py": SERVER, "client/src/useOrders.ts": CLIENT.replace("'orders_update'", "'order_update'")})

    def check(self, project, settings):
        if not project.endpoints or any(u.what.is_message_type for u in project.unresolved):
            return  # a type the server sends may be one wscheck could not read
        sent = server_types(project)
        for handled in client_handled(project):
            wanted = MessageType(handled.name)
            if is_control(wanted, settings) or any(t.matches(wanted) for t in sent):
                continue
            yield self.finding(
                handled.location,
                f"the client handles '{handled.name}' but the server never sends or broadcasts it",
                message_type=handled.name,
            )
