"""WS104 on declared message types: a `type:` union counts where a socket module declares or
imports it (through barrels too), not when it is another protocol's (`window.postMessage`
between an embedded app and its host, found on streamlit's frontend: 34 false WS104)."""

from __future__ import annotations

from textwrap import dedent

from conftest import run_scan, write_files

SERVER = """
    from fastapi import FastAPI, WebSocket

    app = FastAPI()


    @app.websocket("/ws/orders")
    async def orders(websocket: WebSocket):
        await websocket.accept()
        await websocket.send_json({"type": "order_update", "data": []})
        while True:
            await websocket.receive_text()


    async def on_order_changed(order):
        await broadcast({"type": "order_update", "data": [order]})
    """
HOOK = """
    import type { FeedMessage } from "../protocol";
    import type { HostConfig } from "../hostComm/types";

    export function useOrders(onOrder: (orders: unknown) => void, host?: HostConfig) {
      const ws = new WebSocket(`ws://${location.host}/ws/orders`);
      ws.onmessage = (event) => {
        const message: FeedMessage = JSON.parse(event.data);
        onOrder(message);
      };
      return ws;
    }
    """
FEED_TYPES = """
    export type FeedMessage =
      | { type: "order_update"; data: unknown[] }
      | { type: "order_archived"; id: number };
    """
HOST_TYPES = """
    export interface HostConfig {
      allowedOrigins: string[];
    }

    // what the page hosting this app in an iframe posts to it (window.postMessage)
    export type HostToGuestMessage =
      | { type: "SET_THEME"; theme: string }
      | { type: "CLOSE_MODALS" };
    """
HOST_MANAGER = """
    import type { HostToGuestMessage } from "./types";

    export function listenToHost(apply: (message: HostToGuestMessage) => void) {
      window.addEventListener("message", (event) => apply(event.data as HostToGuestMessage));
    }
    """


def _scan(tmp_path, files):
    write_files(tmp_path, [(path, dedent(source).lstrip()) for path, source in files.items()])
    return [(f.location.file, f.message_type) for f in run_scan(tmp_path, select=("WS104",)).findings]


def _app(protocol_path: str, hook_import: str) -> dict[str, str]:
    return {
        "server/main.py": SERVER,
        "web/src/hooks/useOrders.ts": HOOK.replace("../protocol", hook_import),
        protocol_path: FEED_TYPES,
        "web/src/hostComm/types.ts": HOST_TYPES,
        "web/src/hostComm/manager.ts": HOST_MANAGER,
    }


def test_a_union_the_socket_hook_imports_is_checked(tmp_path):
    found = _scan(tmp_path, _app("web/src/protocol.ts", "../protocol"))
    assert found == [("web/src/protocol.ts", "order_archived")]


def test_through_a_barrel_too(tmp_path):
    files = _app("web/src/protocol/feed.ts", "../protocol")
    files["web/src/protocol/index.ts"] = 'export * from "./feed";\n'
    assert _scan(tmp_path, files) == [("web/src/protocol/feed.ts", "order_archived")]


def test_another_protocols_union_is_not_the_sockets(tmp_path):
    files = _app("web/src/protocol.ts", "../protocol")
    files["web/src/protocol.ts"] = FEED_TYPES.replace('\n      | { type: "order_archived"; id: number }', "")
    # the hook reads the host's config from that module, not its messages: SET_THEME and
    # CLOSE_MODALS are the host page's, not the server's
    assert _scan(tmp_path, files) == []
