export const API_BASE = '/api/v1';

// Same origin as the page; Vite proxies /api (including WebSocket upgrades) in dev.
export const WS_BASE = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
