"""Work queue and planned features, stored in the control panel database."""

import asyncio
import sqlite3
import time

from services.system_status import DB_PATH, STUB_DATA


def _query(sql: str, params: tuple = ()) -> list[dict]:
    if STUB_DATA:
        return _stub_rows(sql)
    try:
        with sqlite3.connect(DB_PATH, timeout=1) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql, params)]
    except sqlite3.OperationalError:
        # Fresh checkout: tables are created by the first migration run.
        return []


async def get_queue_data() -> dict:
    items = await asyncio.to_thread(
        _query,
        "SELECT id, issue_number, title, status, position FROM phase_queue "
        "WHERE status IN ('queued', 'ready', 'running') ORDER BY position",
    )
    return {"items": items, "paused": False, "total": len(items)}


async def get_planned_features_data() -> list[dict]:
    return await asyncio.to_thread(
        _query,
        "SELECT id, title, priority, status, estimated_hours FROM planned_features "
        "WHERE status != 'done' ORDER BY priority, id",
    )


def _stub_rows(sql: str) -> list[dict]:
    """Simulated rows: the queue moves on and a feature changes status every second."""
    tick = int(time.time())
    if "phase_queue" in sql:
        return [
            {"id": n, "issue_number": 200 + n, "title": f"Issue {200 + n}", "status": "running" if n == tick % 4 else "queued",
             "position": (n - tick) % 4}
            for n in range(4)
        ]
    return [
        {"id": n, "title": f"Feature {n}", "priority": n, "status": ("planned", "in_progress", "review")[(tick + n) % 3],
         "estimated_hours": 4 * n}
        for n in range(1, 4)
    ]
