"""WS101 missing-broadcast: an endpoint sends type T and nothing anywhere broadcasts T."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.answers import Status
from wscheck.model.phases import acted_on, broadcasting, client_types, pushed_types
from wscheck.rules.base import PHASE_2_BROADCASTING, Rule, example


class MissingBroadcast(Rule):
    code = "WS101"
    name = "missing-broadcast"
    severity = Severity.ERROR
    summary = "An endpoint sends message type T as initial data, and no broadcast anywhere carries T."
    why = (
        "The socket connects, delivers its first message and then sits idle forever: nothing "
        "pushes updates of that type. The client decides the socket is dead and falls back to "
        "HTTP polling — the 2025-12-08 post-mortem's bug. Add a broadcast of T where the data "
        "changes (a background task or an event handler), or push from the endpoint in a loop. "
        "A broadcast in a function that nothing calls, starts or registers does not count: a "
        "broadcast loop written but never started leaves the socket just as idle."
    )
    phase = PHASE_2_BROADCASTING
    bad = example(**{
        "app/routes.py": """
            from fastapi import APIRouter, WebSocket
            router = APIRouter()

            @router.websocket("/ws/system-status")
            async def websocket_system_status(websocket: WebSocket):
                await websocket.accept()
                await websocket.send_json({"type": "system_status_update", "data": {}})
                while True:
                    await websocket.receive_text()
            """,
    })
    good = example(**{
        "app/routes.py": bad.files[0][1],
        "app/background_tasks.py": """
            import asyncio
            import logging

            logger = logging.getLogger(__name__)

            async def broadcast_system_status(manager, get_status):
                while True:
                    try:
                        await manager.broadcast({"type": "system_status_update", "data": await get_status()})
                    except Exception:
                        logger.exception("Error broadcasting system status")
                    await asyncio.sleep(30)


            def start(manager, get_status):
                return asyncio.create_task(broadcast_system_status(manager, get_status))
            """,
        "app/main.py": """
            from fastapi import FastAPI

            from app import background_tasks, routes
            from app.manager import manager
            from app.status import read_status

            app = FastAPI()
            app.include_router(routes.router)


            @app.on_event("startup")
            async def start_broadcasting():
                background_tasks.start(manager, read_status)
            """,
    })

    def check(self, project, settings):
        for endpoint in project.endpoints:
            answer = broadcasting(endpoint, project, settings)
            if answer.status is not Status.FAIL:
                continue
            for message_type in answer.missing:
                sends = [s.location for s in endpoint.sends if s.type == message_type]
                dead = [s for s in project.broadcasts if not s.live and any(t.matches(message_type) for t in s.types)]
                unstarted = ""
                if dead:
                    where = dead[0].location
                    function = dead[0].function.rsplit(":", 1)[-1]
                    unstarted = f" (the broadcast at {where.file}:{where.line} is in `{function}`, which nothing calls or starts)"
                unreadable = project.failed_mentions.get(message_type.name, ())
                if unreadable:  # a syntax error where the broadcasts live: say so, or the WS101 misleads
                    files = " and ".join(unreadable[:2]) + (" and others" if len(unreadable) > 2 else "")
                    unstarted += f" (the broadcasts in {files} could not be read: WS001)"
                after = _after(endpoint, project, message_type)
                yield self.finding(
                    endpoint.location,
                    f"endpoint {endpoint.label} sends '{message_type}' but nothing broadcasts it: {after}{unstarted}",
                    endpoint=endpoint.path,
                    message_type=message_type.name,
                    related=tuple(sends[:2]) + tuple(s.location for s in dead[:1]),
                )


def _after(endpoint, project, message_type) -> str:
    """What its clients get after the initial data, as phase 2 judged it."""
    def listed(types) -> str:
        names = sorted(t.name for t in types if not t.matches(message_type))
        return ", ".join(names[:3]) + (", …" if len(names) > 3 else "")

    acted = [t for t in acted_on(endpoint, project) if not t.matches(message_type)]
    pushed = [t for t in pushed_types(endpoint, project) if not t.matches(message_type)]
    if acted:
        return f"after the initial data its clients never get another '{message_type}' (what else may reach the socket: {listed(acted)})"
    if pushed:
        handled = ", ".join(f"'{n}'" for n in sorted(client_types(endpoint, project) or ()))
        return (
            f"after the initial data its client gets nothing it acts on (what else may reach the socket: {listed(pushed)}; "
            f"its hook handles only {handled})"
        )
    return "the socket goes idle after the initial data"

