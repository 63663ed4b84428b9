// Same origin as the page; Vite proxies /ws in development.
export const WS_BASE = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
