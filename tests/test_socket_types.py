"""WS104 on `type: 'T'` fields of interfaces: only the types a socket module declares or
imports (by name, through barrels) describe its messages; a `postMessage` protocol declared
beside a type the socket module happens to import does not. Following more imports (path
aliases, monorepo packages, barrels) must not turn such a protocol into WS104 errors."""

from __future__ import annotations

from conftest import run_scan

_SERVER = """
from fastapi import FastAPI, WebSocket
app = FastAPI()

@app.websocket("/ws/feed")
async def feed(websocket: WebSocket):
    await websocket.accept()
    while True:
        await websocket.send_json({"type": "feed_update", "items": await next_items()})
"""
_SOCKET = """
import type { HostConfig } from '@acme/host';
import type { FeedMessage } from './types';

export function openFeed(config: HostConfig, onItems: (items: unknown[]) => void) {
  const socket = new WebSocket(`${config.wsBase}/ws/feed`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data) as FeedMessage;
    onItems(message.items);
  };
  return socket;
}
"""
_HOST_TYPES = """
export interface HostConfig { wsBase: string }

// what the embedding page and this iframe tell each other with postMessage
export type HostToGuestMessage =
  | { type: 'SET_THEME'; dark: boolean }
  | { type: 'CLOSE_MODALS' };
"""


def _ws104(folder) -> list[tuple[str, int]]:
    return [(f.location.file, f.location.line) for f in run_scan(folder, select=("WS104",)).findings]


def test_only_the_types_a_socket_module_imports_describe_its_messages(project):
    folder = project({
        "server/app.py": _SERVER,
        "packages/host/package.json": '{"name": "@acme/host", "main": "dist/index.js"}',
        "packages/host/src/index.ts": "export * from './types';\n",
        "packages/host/src/types.ts": _HOST_TYPES,
        "web/src/feed/socket.ts": _SOCKET,
        "web/src/feed/types.ts": (
            "export type FeedMessage =\n"
            "  | { type: 'feed_update'; items: unknown[] }\n"
            "  | { type: 'feed_reset'; items: unknown[] };\n"
        ),
        "web/src/host/bridge.ts": (
            "import type { HostToGuestMessage } from '@acme/host';\n"
            "window.addEventListener('message', (event: MessageEvent<HostToGuestMessage>) => {\n"
            "  if (event.data.type === 'CLOSE_MODALS') document.body.classList.remove('modal');\n"
            "});\n"
        ),
    })
    # feed_reset: a type of the socket's own union that nothing sends; the host protocol is not the socket's
    assert _ws104(folder) == [("web/src/feed/types.ts", 3)]


def test_a_union_of_interfaces_from_another_module_is_followed_once_more(project):
    folder = project({
        "server/app.py": _SERVER,
        "web/src/feed/socket.ts": _SOCKET.replace("import type { HostConfig } from '@acme/host';\n", "type HostConfig = { wsBase: string };\n"),
        "web/src/feed/types.ts": "import type { ResetEvent } from './reset';\nexport type FeedMessage = { type: 'feed_update'; items: unknown[] } | ResetEvent;\n",
        "web/src/feed/reset.ts": "export interface ResetEvent { type: 'feed_reset'; items: unknown[] }\n",
    })
    assert _ws104(folder) == [("web/src/feed/reset.ts", 1)]
