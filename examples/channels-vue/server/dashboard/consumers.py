from channels.generic.websocket import AsyncJsonWebsocketConsumer

from dashboard.realtime import JOBS_GROUP, JOBS_UPDATE, SYSTEM_STATUS_GROUP, SYSTEM_STATUS_UPDATE
from dashboard.snapshots import read_jobs
from dashboard.status import read_system_status


class JobsConsumer(AsyncJsonWebsocketConsumer):
    """Live job list: a snapshot on connect, then every change."""

    async def connect(self):
        await self.channel_layer.group_add(JOBS_GROUP, self.channel_name)
        await self.accept()
        await self.send_json({"type": JOBS_UPDATE, "data": await read_jobs()})

    async def disconnect(self, code):
        await self.channel_layer.group_discard(JOBS_GROUP, self.channel_name)

    async def jobs_changed(self, event):
        await self.send_json({"type": JOBS_UPDATE, "data": event["jobs"]})


class SystemStatusConsumer(AsyncJsonWebsocketConsumer):
    """Host health: a snapshot on connect, then every refresh."""

    async def connect(self):
        await self.channel_layer.group_add(SYSTEM_STATUS_GROUP, self.channel_name)
        await self.accept()
        await self.send_json({"type": SYSTEM_STATUS_UPDATE, "data": read_system_status()})

    async def disconnect(self, code):
        await self.channel_layer.group_discard(SYSTEM_STATUS_GROUP, self.channel_name)

    async def status_changed(self, event):
        await self.send_json({"type": SYSTEM_STATUS_UPDATE, "data": event["status"]})
