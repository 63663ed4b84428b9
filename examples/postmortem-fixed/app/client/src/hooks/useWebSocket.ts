import { useQueryClient } from '@tanstack/react-query';

import {
  getAdwMonitor,
  getPlannedFeatures,
  getQueue,
  getRoutes,
  getSystemStatus,
  getWebhookStatus,
  getWorkflowHistory,
  getWorkflows,
} from '../api/client';
import { WS_BASE } from '../config/api';
import type {
  AdwMonitor,
  ApiRoute,
  PlannedFeature,
  QueueState,
  SystemStatus,
  WebhookStatus,
  Workflow,
  WorkflowHistory,
} from '../types/api';
import type { ServerMessage } from '../types/websocket';
import { useReliableWebSocket } from './useReliableWebSocket';

// Each channel writes pushed data into the same query cache entry that the HTTP
// fallback fills, so components only ever read `data`.

export function useWorkflowsWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<Workflow[], ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/workflows`,
    queryKey: ['workflows'],
    queryFn: getWorkflows,
    onMessage: (msg) => {
      switch (msg.type) {
        case 'workflows_update':
          queryClient.setQueryData(['workflows'], msg.data);
          break;
        default:
          break;
      }
    },
  });
}

export function useRoutesWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<ApiRoute[], ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/routes`,
    queryKey: ['routes'],
    queryFn: getRoutes,
    onMessage: (msg) => {
      if (msg.type === 'routes_update') {
        queryClient.setQueryData(['routes'], msg.data);
      }
    },
  });
}

export function useWorkflowHistoryWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<WorkflowHistory, ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/workflow-history`,
    queryKey: ['workflow-history'],
    queryFn: getWorkflowHistory,
    onMessage: (msg) => {
      if (msg.type === 'workflow_history_update') {
        queryClient.setQueryData(['workflow-history'], msg.data);
      }
    },
  });
}

export function useAdwMonitorWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<AdwMonitor, ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/adw-monitor`,
    queryKey: ['adw-monitor'],
    queryFn: getAdwMonitor,
    onMessage: (msg) => {
      switch (msg.type) {
        case 'adw_monitor_update':
          queryClient.setQueryData(['adw-monitor'], msg.data);
          break;
        default:
          break;
      }
    },
  });
}

export function useQueueWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<QueueState, ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/queue`,
    queryKey: ['queue'],
    queryFn: getQueue,
    onMessage: (msg) => {
      if (msg.type === 'queue_update') {
        queryClient.setQueryData(['queue'], msg.data);
      }
    },
  });
}

export function usePlannedFeaturesWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<PlannedFeature[], ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/planned-features`,
    queryKey: ['planned-features'],
    queryFn: getPlannedFeatures,
    onMessage: (msg) => {
      if (msg.type === 'planned_features_update') {
        queryClient.setQueryData(['planned-features'], msg.data);
      }
    },
  });
}

export function useSystemStatusWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<SystemStatus, ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/system-status`,
    queryKey: ['system-status'],
    queryFn: getSystemStatus,
    onMessage: (msg) => {
      if (msg.type === 'system_status_update') {
        queryClient.setQueryData(['system-status'], msg.data);
      }
    },
  });
}

export function useWebhookStatusWebSocket() {
  const queryClient = useQueryClient();
  return useReliableWebSocket<WebhookStatus, ServerMessage>({
    url: `${WS_BASE}/api/v1/ws/webhook-status`,
    queryKey: ['webhook-status'],
    queryFn: getWebhookStatus,
    onMessage: (msg) => {
      if (msg.type === 'webhook_status_update') {
        queryClient.setQueryData(['webhook-status'], msg.data);
      }
    },
  });
}
