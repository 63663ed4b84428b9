from app.events import METRICS_UPDATE
from app.services.metrics import current_metrics
from app.sockets import sio


@sio.on("connect", namespace="/metrics")
async def metrics_connect(sid, environ, auth=None):
    await sio.emit(METRICS_UPDATE, current_metrics(), to=sid, namespace="/metrics")
