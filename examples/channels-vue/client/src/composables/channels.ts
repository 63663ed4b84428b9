import { ref } from 'vue';

import { WS_BASE } from '../config';
import type { Job, SystemStatus } from '../types';
import { useLiveChannel } from './useLiveChannel';

export function useJobs() {
  const jobs = ref<Job[]>([]);
  const { connected } = useLiveChannel(`${WS_BASE}/ws/jobs/`, (msg) => {
    if (msg.type === 'jobs_update') jobs.value = msg.data;
  });
  return { jobs, connected };
}

export function useSystemStatus() {
  const status = ref<SystemStatus | null>(null);
  const { connected } = useLiveChannel(`${WS_BASE}/ws/system-status/`, (msg) => {
    if (msg.type === 'system_status_update') status.value = msg.data;
  });
  return { status, connected };
}
