from asgiref.sync import async_to_sync
from celery import shared_task
from channels.layers import get_channel_layer

from dashboard.realtime import JOBS_CHANGED, JOBS_GROUP
from dashboard.snapshots import jobs_snapshot


@shared_task
def broadcast_jobs() -> None:
    """Runs after every job change (see signals.py)."""
    async_to_sync(get_channel_layer().group_send)(JOBS_GROUP, {"type": JOBS_CHANGED, "jobs": jobs_snapshot()})
