import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';

import type { Metrics } from '../types';

export function useMetrics() {
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  useEffect(() => {
    const socket = io('/metrics', { transports: ['websocket'] });
    socket.on('metrics_update', (data: Metrics) => setMetrics(data));
    socket.on('connect_error', (error) => console.warn('metrics socket', error.message));
    return () => {
      socket.disconnect();
    };
  }, []);
  return metrics;
}
