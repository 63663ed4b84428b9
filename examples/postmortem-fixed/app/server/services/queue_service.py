"""Work queue and planned features, stored in the control panel database."""

import asyncio
import sqlite3

from services.system_status import DB_PATH


def _query(sql: str, params: tuple = ()) -> list[dict]:
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
