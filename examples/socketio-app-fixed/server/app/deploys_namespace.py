import socketio

from app.events import DEPLOYS_UPDATE
from app.services.deploys import recent_deploys


class DeploysNamespace(socketio.AsyncNamespace):
    """/deploys: the deploy feed. A snapshot on connect; api.py broadcasts each new deploy."""

    async def on_connect(self, sid, environ):
        await self.emit(DEPLOYS_UPDATE, recent_deploys(), to=sid)
