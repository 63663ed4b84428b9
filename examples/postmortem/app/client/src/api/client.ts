import { API_BASE } from '../config/api';
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

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${API_BASE}${path}`);
  if (!response.ok) {
    throw new Error(`GET ${path} failed: ${response.status} ${response.statusText}`);
  }
  return response.json() as Promise<T>;
}

export const getWorkflows = () => getJson<Workflow[]>('/workflows');
export const getRoutes = () => getJson<ApiRoute[]>('/routes');
export const getWorkflowHistory = () => getJson<WorkflowHistory>('/workflow-history');
export const getAdwMonitor = () => getJson<AdwMonitor>('/adw-monitor');
export const getQueue = () => getJson<QueueState>('/queue');
export const getPlannedFeatures = () => getJson<PlannedFeature[]>('/planned-features');

export async function getSystemStatus(): Promise<SystemStatus> {
  const response = await fetch(`${API_BASE}/system-status`);
  if (!response.ok) {
    throw new Error(`System status request failed: ${response.status}`);
  }
  return response.json();
}

export async function getWebhookStatus(): Promise<WebhookStatus> {
  const response = await fetch(`${API_BASE}/webhook-status`);
  if (!response.ok) {
    throw new Error(`Webhook status request failed: ${response.status}`);
  }
  return response.json();
}
