"""WebSocket message types shared by the endpoints and the background watchers.

Keep in sync with app/client/src/types/websocket.ts.
"""

WORKFLOWS_UPDATE = "workflows_update"
ROUTES_UPDATE = "routes_update"
WORKFLOW_HISTORY_UPDATE = "workflow_history_update"
ADW_MONITOR_UPDATE = "adw_monitor_update"
QUEUE_UPDATE = "queue_update"
PLANNED_FEATURES_UPDATE = "planned_features_update"
SYSTEM_STATUS_UPDATE = "system_status_update"
WEBHOOK_STATUS_UPDATE = "webhook_status_update"
