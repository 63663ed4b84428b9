import { useEffect, useRef, useState } from 'react';
import { useQuery, type QueryKey } from '@tanstack/react-query';

export interface WebSocketMessage {
  type: string;
  data?: unknown;
}

export type ConnectionQuality = 'excellent' | 'good' | 'poor' | 'disconnected';

export interface ConnectionState {
  isConnected: boolean;
  connectionQuality: ConnectionQuality;
  lastMessageTime: number | null;
  reconnectAttempts: number;
}

interface Options<T, M extends WebSocketMessage = WebSocketMessage> {
  url: string;
  queryKey: QueryKey;
  queryFn: () => Promise<T>;
  onMessage: (message: M) => void;
  enabled?: boolean;
  /** HTTP fallback interval (ms) while the socket is down: an emergency backup, not a data source. */
  pollingInterval?: number;
  maxReconnectDelay?: number;
  maxReconnectAttempts?: number;
}

const INITIAL_STATE: ConnectionState = {
  isConnected: false,
  connectionQuality: 'disconnected',
  lastMessageTime: null,
  reconnectAttempts: 0,
};

/**
 * A WebSocket subscription with reconnect/backoff, falling back to HTTP
 * (TanStack Query) while the socket is unavailable.
 */
export function useReliableWebSocket<T, M extends WebSocketMessage = WebSocketMessage>({
  url,
  queryKey,
  queryFn,
  onMessage,
  enabled = true,
  pollingInterval = 60_000,
  maxReconnectDelay = 30000,
  maxReconnectAttempts = 10,
}: Options<T, M>) {
  const [state, setState] = useState<ConnectionState>(INITIAL_STATE);
  const wsRef = useRef<WebSocket | null>(null);
  const reconnectTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Callers pass inline functions; keep the latest without reconnecting.
  const onMessageRef = useRef(onMessage);
  const queryFnRef = useRef(queryFn);
  useEffect(() => {
    onMessageRef.current = onMessage;
    queryFnRef.current = queryFn;
  });

  useEffect(() => {
    if (!enabled) return;

    let disposed = false;
    let attempts = 0;

    const connect = () => {
      if (disposed) return;
      const ws = new WebSocket(url);
      wsRef.current = ws;

      ws.onopen = () => {
        attempts = 0;
        console.log(`[WS] Connected to ${url}`);
        setState((s) => ({ ...s, isConnected: true, connectionQuality: 'excellent', reconnectAttempts: 0 }));
      };

      ws.onmessage = (event: MessageEvent<string>) => {
        let message: M;
        try {
          message = JSON.parse(event.data) as M;
        } catch (err) {
          console.error(`[WS] Could not parse message from ${url}:`, err);
          return;
        }
        setState((s) => ({ ...s, lastMessageTime: Date.now() }));
        onMessageRef.current(message);
      };

      ws.onerror = (event) => {
        console.error(`[WS] Error in WebSocket connection to ${url}:`, event);
      };

      ws.onclose = (event) => {
        wsRef.current = null;
        setState((s) => ({
          ...s,
          isConnected: false,
          connectionQuality: attempts > 2 ? 'poor' : 'disconnected',
          reconnectAttempts: attempts,
        }));
        if (disposed || attempts >= maxReconnectAttempts) return;

        const delay = Math.min(1000 * 2 ** attempts, maxReconnectDelay);
        attempts += 1;
        console.warn(`[WS] ${url} closed (code ${event.code}); reconnecting in ${delay}ms`);
        reconnectTimerRef.current = setTimeout(connect, delay);
      };
    };

    connect();

    return () => {
      disposed = true;
      if (reconnectTimerRef.current) clearTimeout(reconnectTimerRef.current);
      wsRef.current?.close();
      wsRef.current = null;
    };
  }, [url, enabled, maxReconnectDelay, maxReconnectAttempts]);

  // Fallback: fetch over HTTP until the socket is up, and again whenever it drops.
  const { data: polledData } = useQuery({
    queryKey,
    queryFn: () => queryFnRef.current(),
    refetchInterval: state.isConnected ? false : pollingInterval,
    enabled: enabled && !state.isConnected,
  });

  return { ...state, data: polledData };
}
