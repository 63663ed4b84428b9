"""Markdown docs: docs/realtime.md for the WebSocket contract, and ordinary guides."""

from __future__ import annotations

import random

from .plan import Endpoint
from .vocabulary import SENTENCES, VERBS, Dom, camel


def render_realtime_doc(r: random.Random, endpoints: list[Endpoint]) -> str:
    """The endpoints' table (about 60% of them are documented), for phase 6."""
    documented = [e for e in endpoints if r.random() < 0.6]
    return (
        "# Real-time updates\n\nThe server pushes state over WebSocket connections; the "
        "client falls back to HTTP only while a socket is down.\n\n"
        "| endpoint | message types |\n|---|---|\n"
        + "".join(f"| `{e.full_path}` | {', '.join(f'`{t}`' for t in e.types)} |\n" for e in documented)
        + "\nBackground tasks call `await manager.broadcast({\"type\": ..., \"data\": ...})`.\n"
    )


def render_guide(r: random.Random, d: Dom) -> str:
    sections = []
    for k in range(r.randint(3, 8)):
        sections.append(
            f"## {camel(r.choice(VERBS))} {d.p}\n\n"
            + " ".join(r.choice(SENTENCES) for _ in range(r.randint(2, 6)))
            + f"\n\n```bash\ncurl -s localhost:8000/api/v1/{d.p}?page={k + 1} | jq '.items | length'\n```\n"
        )
    return f"# {camel(d.s)} {r.choice(['guide', 'notes', 'runbook'])}\n\n" + "\n".join(sections)
