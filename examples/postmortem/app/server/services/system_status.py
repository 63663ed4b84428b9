"""Health of the services the control panel depends on."""

import asyncio
import json
import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

DB_PATH = Path(os.getenv("DB_PATH", "db/webbuilder.db"))
WEBHOOK_STATE_FILE = Path(os.getenv("WEBHOOK_STATE_FILE", "logs/webhook_state.json"))
WEBHOOK_HOST = os.getenv("WEBHOOK_HOST", "127.0.0.1")
WEBHOOK_PORT = int(os.getenv("WEBHOOK_PORT", "8001"))
# STUB_DATA=1: simulated agents, queue and traffic instead of the state files and the database
# (`serve.sh` beside the README runs the app that way)
STUB_DATA = os.getenv("STUB_DATA") == "1"

_STARTED_AT = datetime.now(timezone.utc).isoformat(timespec="seconds")


def _check_database() -> dict:
    try:
        with sqlite3.connect(DB_PATH, timeout=1) as conn:
            conn.execute("SELECT 1")
        return {"status": "healthy", "message": str(DB_PATH)}
    except sqlite3.Error as e:
        return {"status": "error", "message": str(e)}


def _check_disk() -> dict:
    usage = shutil.disk_usage(".")
    percent_free = round(usage.free / usage.total * 100, 1)
    status = "healthy" if percent_free > 10 else "warning"
    return {"status": status, "message": f"{percent_free}% free"}


async def _check_port(host: str, port: int) -> dict:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=1.0)
        writer.close()
        await writer.wait_closed()
        return {"status": "healthy", "message": f"{host}:{port} reachable"}
    except (OSError, asyncio.TimeoutError) as e:
        return {"status": "error", "message": f"{host}:{port} unreachable ({e.__class__.__name__})"}


async def get_system_status_data() -> dict:
    services = {
        "backend": {"status": "healthy", "message": f"up since {_STARTED_AT}"},
        "database": await asyncio.to_thread(_check_database),
        "disk": _check_disk(),
        "webhook": await _check_port(WEBHOOK_HOST, WEBHOOK_PORT),
    }
    if any(s["status"] == "error" for s in services.values()):
        overall = "error"
    elif any(s["status"] == "warning" for s in services.values()):
        overall = "degraded"
    else:
        overall = "healthy"
    return {"overall_status": overall, "services": services}


async def get_webhook_status_data() -> dict:
    """Read the state file the webhook service writes after every delivery."""
    if not WEBHOOK_STATE_FILE.exists():
        return {"status": "unknown", "last_delivery": None, "deliveries_today": 0, "failures_today": 0}
    state = json.loads(WEBHOOK_STATE_FILE.read_text())
    return {
        "status": "healthy" if state.get("failures_today", 0) == 0 else "degraded",
        "last_delivery": state.get("last_delivery"),
        "deliveries_today": state.get("deliveries_today", 0),
        "failures_today": state.get("failures_today", 0),
    }
