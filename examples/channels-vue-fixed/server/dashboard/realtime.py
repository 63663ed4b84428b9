"""Group names and message types of the dashboard's sockets: one place for both ends."""

JOBS_GROUP = "jobs"
SYSTEM_STATUS_GROUP = "system_status"

# What the browser receives
JOBS_UPDATE = "jobs_update"
SYSTEM_STATUS_UPDATE = "system_status_update"

# Channel-layer events (handled by the consumers' methods of the same name, dots as underscores)
JOBS_CHANGED = "jobs.changed"
STATUS_CHANGED = "status.changed"
