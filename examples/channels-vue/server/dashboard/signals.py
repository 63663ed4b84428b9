from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dashboard.models import Job
from dashboard.tasks import broadcast_jobs


@receiver(post_save, sender=Job)
@receiver(post_delete, sender=Job)
def job_changed(sender, instance, **kwargs):
    transaction.on_commit(broadcast_jobs.delay)
