from asgiref.sync import async_to_sync
from celery import shared_task
from channels.layers import get_channel_layer

from dashboard.realtime import JOBS_CHANGED, JOBS_GROUP, STATUS_CHANGED, SYSTEM_STATUS_GROUP
from dashboard.snapshots import jobs_snapshot
from dashboard.status import read_system_status


@shared_task
def broadcast_jobs() -> None:
    """Runs after every job change (see signals.py)."""
    async_to_sync(get_channel_layer().group_send)(JOBS_GROUP, {"type": JOBS_CHANGED, "jobs": jobs_snapshot()})


@shared_task
def broadcast_system_status() -> None:
    """Runs every 15 s (CELERY_BEAT_SCHEDULE in settings.py)."""
    async_to_sync(get_channel_layer().group_send)(
        SYSTEM_STATUS_GROUP, {"type": STATUS_CHANGED, "status": read_system_status()}
    )
