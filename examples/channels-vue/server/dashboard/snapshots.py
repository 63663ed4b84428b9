from channels.db import database_sync_to_async

from dashboard.models import Job


def jobs_snapshot() -> list[dict]:
    return [job.as_dict() for job in Job.objects.order_by("-updated_at")[:50]]


read_jobs = database_sync_to_async(jobs_snapshot)
