import { onBeforeUnmount, ref } from 'vue';

import type { ServerMessage } from '../types';

const MAX_BACKOFF_MS = 30_000;

/** One WebSocket with reconnect (exponential backoff); messages go to `onMessage`. */
export function useLiveChannel(url: string, onMessage: (msg: ServerMessage) => void) {
  const connected = ref(false);
  let socket: WebSocket | null = null;
  let attempts = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      connected.value = true;
      attempts = 0;
    };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data) as ServerMessage);
    socket.onerror = (event) => console.warn('socket error', url, event);
    socket.onclose = () => {
      connected.value = false;
      if (!stopped) {
        attempts += 1;
        retry = setTimeout(open, Math.min(1000 * 2 ** attempts, MAX_BACKOFF_MS));
      }
    };
  };

  open();
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  });
  return { connected };
}
