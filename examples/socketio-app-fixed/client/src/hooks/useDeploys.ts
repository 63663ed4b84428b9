import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';

import type { Deploy } from '../types';

export function useDeploys() {
  const [deploys, setDeploys] = useState<Deploy[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const socket = io('/deploys', { transports: ['websocket'] });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('deploys_update', (data: Deploy[]) => setDeploys(data));
    return () => {
      socket.disconnect();
    };
  }, []);
  return { deploys, connected };
}
