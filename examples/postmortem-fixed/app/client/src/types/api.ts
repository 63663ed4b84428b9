export type HealthStatus = 'healthy' | 'warning' | 'error';

export interface ServiceHealth {
  status: HealthStatus;
  message: string;
}

export interface SystemStatus {
  overall_status: 'healthy' | 'degraded' | 'error';
  services: Record<string, ServiceHealth>;
}

export interface WebhookStatus {
  status: 'healthy' | 'degraded' | 'unknown';
  last_delivery: string | null;
  deliveries_today: number;
  failures_today: number;
}

export interface Workflow {
  adw_id: string;
  issue_number: number | null;
  workflow: string;
  phase: string | null;
  status: 'pending' | 'running';
  started_at: string | null;
}

export interface WorkflowHistory {
  total: number;
  items: Array<{
    adw_id: string;
    workflow: string;
    status: 'completed' | 'failed';
    duration_seconds: number | null;
    finished_at: string | null;
  }>;
}

export interface ApiRoute {
  path: string;
  methods: string[];
  summary: string;
}

export interface AdwMonitor {
  summary: Record<'running' | 'pending' | 'completed' | 'failed', number>;
  current: Array<{ adw_id: string; phase: string | null; progress: number }>;
}

export interface QueueItem {
  id: number;
  issue_number: number;
  title: string;
  status: 'queued' | 'ready' | 'running';
  position: number;
}

export interface QueueState {
  items: QueueItem[];
  paused: boolean;
  total: number;
}

export interface PlannedFeature {
  id: number;
  title: string;
  priority: number;
  status: string;
  estimated_hours: number | null;
}
