"""Socket.IO event names: what the browser listens for."""

DEPLOYS_UPDATE = "deploys_update"
METRICS_UPDATE = "metrics_update"
