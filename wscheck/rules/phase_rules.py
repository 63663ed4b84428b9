"""Shared shape of the checklist-phase rules (WS301–WS304): one finding per failed phase."""

from __future__ import annotations

from wscheck.answers import Answer, Status
from wscheck.rules.base import Rule


# The endpoint every phase rule's examples check: it pushes its own updates, so only the
# phase under discussion can fail.
QUEUE_ENDPOINT = """
    from fastapi import APIRouter, WebSocket
    router = APIRouter()

    @router.websocket("/ws/queue")
    async def websocket_queue(websocket: WebSocket):
        await websocket.accept()
        while True:
            await websocket.send_json({"type": "queue_update", "data": await next_queue_change()})
    """


class PhaseRule(Rule):
    """Subclasses name the phase; `answer` is the same query the checklist asks."""

    phase_title: str

    def answer(self, endpoint, project, settings) -> Answer:
        raise NotImplementedError

    def check(self, project, settings):
        for endpoint in project.endpoints:
            answer = self.answer(endpoint, project, settings)
            if answer.status is Status.FAIL:
                yield self.finding(
                    endpoint.location,
                    f"{self.phase_title} missing for {endpoint.label}: {answer.note}",
                    endpoint=endpoint.path,
                )
