import type {
  AdwMonitor,
  ApiRoute,
  PlannedFeature,
  QueueState,
  SystemStatus,
  WebhookStatus,
  Workflow,
  WorkflowHistory,
} from './api';

// Keep in sync with app/server/services/message_types.py.

export interface WorkflowsMessage {
  type: 'workflows_update';
  data: Workflow[];
}

export interface RoutesMessage {
  type: 'routes_update';
  data: ApiRoute[];
}

export interface WorkflowHistoryMessage {
  type: 'workflow_history_update';
  data: WorkflowHistory;
}

export interface AdwMonitorMessage {
  type: 'adw_monitor_update';
  data: AdwMonitor;
}

export interface QueueMessage {
  type: 'queue_update';
  data: QueueState;
}

export interface PlannedFeaturesMessage {
  type: 'planned_features_update';
  data: PlannedFeature[];
}

export interface SystemStatusMessage {
  type: 'system_status_update';
  data: SystemStatus;
}

export interface WebhookStatusMessage {
  type: 'webhook_status_update';
  data: WebhookStatus;
}

export type ServerMessage =
  | WorkflowsMessage
  | RoutesMessage
  | WorkflowHistoryMessage
  | AdwMonitorMessage
  | QueueMessage
  | PlannedFeaturesMessage
  | SystemStatusMessage
  | WebhookStatusMessage;
