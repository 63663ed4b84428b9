export interface Job {
  id: number;
  name: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  updated_at: string;
}

export interface SystemStatus {
  uptime_s: number;
  load: number;
  memory_percent: number;
  disk_percent: number;
}

export type ServerMessage =
  | { type: 'jobs_update'; data: Job[] }
  | { type: 'system_status_update'; data: SystemStatus };
