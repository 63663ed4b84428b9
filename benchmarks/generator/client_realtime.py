"""The client side of the WebSocket contract: socket hooks, and the components that use them or poll."""

from __future__ import annotations

import random

from .client_code import tsx_component
from .plan import Endpoint, Group, topic_dom
from .vocabulary import camel


def render_ws_hook(r: random.Random, e: Endpoint) -> tuple[str, str]:
    """A hook that opens the endpoint's socket and handles its types; returns (text, hook name)."""
    name = f"use{camel(e.snake)}Feed"
    path = f"/ws/{e.name}" if e.wrong_path else e.full_path
    msg_iface = f"{camel(e.snake)}Message"
    union = " | ".join(f"{{ type: '{t}'; data?: unknown; alerts?: unknown[] }}" for t in e.types)
    if r.random() < 0.15:
        cfg = f"const ENDPOINTS = {{ feed: '{path}' }} as const;\n\n"
        url = "WS_BASE + ENDPOINTS.feed"
    else:
        cfg = ""
        url = f"`${{WS_BASE}}{path}`"
    if r.random() < 0.5:
        handler = (
            "      switch (msg.type) {\n"
            + "".join(f"        case '{t}':\n" for t in e.types)
            + "          setLastMessage(msg);\n          break;\n"
            + "        case 'pong':\n          break;\n        default:\n          break;\n      }\n"
        )
    else:
        handler = "".join(
            f"      {'else ' if i else ''}if (msg.type === '{t}') {{\n        setLastMessage(msg);\n      }}\n"
            for i, t in enumerate(e.types)
        ).replace("}\n      else", "} else")
    text = (
        "import { useEffect, useRef, useState } from 'react';\n"
        "import { WS_BASE } from '../lib/config';\n\n"
        f"{cfg}"
        f"export type {msg_iface} = {union} | {{ type: 'pong' }};\n\n"
        f"export function {name}() {{\n"
        "  const [isConnected, setIsConnected] = useState(false);\n"
        f"  const [lastMessage, setLastMessage] = useState<{msg_iface} | null>(null);\n"
        "  const socketRef = useRef<WebSocket | null>(null);\n\n"
        "  useEffect(() => {\n"
        f"    const ws = new WebSocket({url});\n"
        "    socketRef.current = ws;\n"
        "    ws.onopen = () => setIsConnected(true);\n"
        "    ws.onclose = () => setIsConnected(false);\n"
        "    ws.onerror = () => setIsConnected(false);\n"
        "    ws.onmessage = (event: MessageEvent) => {\n"
        f"      const msg = JSON.parse(event.data) as {msg_iface};\n"
        f"{handler}"
        "    };\n"
        "    const ping = setInterval(() => {\n"
        "      if (ws.readyState === WebSocket.OPEN) {\n"
        "        ws.send(JSON.stringify({ type: 'ping' }));\n"
        "      }\n"
        f"    }}, {r.choice(['25_000', '30_000', '20_000'])});\n"
        "    return () => {\n"
        "      clearInterval(ping);\n"
        "      ws.close();\n"
        "    };\n"
        "  }, []);\n\n"
        "  return { isConnected, lastMessage };\n"
        "}\n"
    )
    return text, name



def render_live_component(r: random.Random, *, name: str, target: int, e: Endpoint, hook: tuple[int, str],
                          hook_imports: list, comp_imports: list) -> tuple[str, bool]:
    """A component on the endpoint's socket hook; returns (text, whether it polls while the socket is down)."""
    hidx, hname = hook
    x = r.random()
    if x < 0.6:
        interval = r.choice(["3000", "5000", "3_000", "2 * 1000"])
    elif x < 0.75:
        interval = r.choice(["60_000", "60 * 1000"])
    else:
        interval = None
    query_extra = f"    refetchInterval: isConnected ? false : {interval},\n" if interval else ""
    text = tsx_component(
        r, name=name, target=min(target, 160), d=topic_dom(e), noise=False,
        hook_imports=hook_imports, comp_imports=comp_imports, resource=f"/api/v1/{e.name}",
        extra_imports=[f"import {{ {hname} }} from '../hooks/use{hidx}';"],
        extra_state=f"  const {{ isConnected, lastMessage }} = {hname}();\n",
        query_extra=query_extra,
        extra_jsx="      <p className=\"live-status\">{isConnected ? 'Live' : 'Offline'} {lastMessage ? lastMessage.type : ''}</p>\n",
    )
    return text, interval is not None


def render_polling_component(r: random.Random, *, name: str, target: int, g: Group,
                             hook_imports: list, comp_imports: list) -> str:
    """A component that polls one of the group's resources unconditionally."""
    interval = r.choice(["30_000", "5 * 60 * 1000", "10000", "15_000"])
    e0 = g.endpoints[0]
    return tsx_component(r, name=name, target=min(target, 160), d=topic_dom(e0),
                         noise=False, hook_imports=hook_imports, comp_imports=comp_imports,
                         resource=f"/api/v1/{e0.name}" + r.choice(["", "/history"]),
                         query_extra=f"    refetchInterval: {interval},\n")
