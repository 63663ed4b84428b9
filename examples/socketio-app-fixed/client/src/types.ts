export interface Deploy {
  service: string;
  version: string;
  status: string;
  at: string;
}

export interface Metrics {
  cpu_percent: number;
  memory_percent: number;
  connections: number;
}
