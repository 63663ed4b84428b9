import logging

from app.events import METRICS_UPDATE
from app.services.metrics import current_metrics
from app.settings import METRICS_EVERY_S
from app.sockets import sio

log = logging.getLogger(__name__)


async def push_metrics() -> None:
    """Every METRICS_EVERY_S seconds, to every client of /metrics."""
    while True:
        try:
            await sio.emit(METRICS_UPDATE, current_metrics(), namespace="/metrics")
        except Exception:
            log.exception("metrics push failed")
        await sio.sleep(METRICS_EVERY_S)
