from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    name = models.CharField(max_length=200)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    updated_at = models.DateTimeField(auto_now=True)

    def as_dict(self) -> dict:
        return {"id": self.pk, "name": self.name, "state": self.state, "updated_at": self.updated_at.isoformat()}
