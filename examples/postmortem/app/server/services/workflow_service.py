"""Workflow state, read from the per-run state files the ADW agents write."""

import json
import os
import time
from pathlib import Path

from fastapi import FastAPI

from services.system_status import STUB_DATA

AGENTS_DIR = Path(os.getenv("ADW_AGENTS_DIR", "agents"))
HISTORY_LIMIT = 50


def _load_states() -> list[dict]:
    if STUB_DATA:
        return _stub_states()
    states = []
    for state_file in AGENTS_DIR.glob("*/adw_state.json"):
        try:
            states.append(json.loads(state_file.read_text()))
        except (OSError, json.JSONDecodeError):
            continue
    return states


async def get_workflows_data() -> list[dict]:
    """Workflows that are still running, newest first."""
    active = [s for s in _load_states() if s.get("status") in ("pending", "running")]
    active.sort(key=lambda s: s.get("started_at", ""), reverse=True)
    return [
        {
            "adw_id": s["adw_id"],
            "issue_number": s.get("issue_number"),
            "workflow": s.get("workflow", "unknown"),
            "phase": s.get("current_phase"),
            "status": s["status"],
            "started_at": s.get("started_at"),
        }
        for s in active
    ]


async def get_workflow_history_data(limit: int = HISTORY_LIMIT) -> dict:
    finished = [s for s in _load_states() if s.get("status") in ("completed", "failed")]
    finished.sort(key=lambda s: s.get("finished_at", ""), reverse=True)
    return {
        "total": len(finished),
        "items": [
            {
                "adw_id": s["adw_id"],
                "workflow": s.get("workflow", "unknown"),
                "status": s["status"],
                "duration_seconds": s.get("duration_seconds"),
                "finished_at": s.get("finished_at"),
            }
            for s in finished[:limit]
        ],
    }


def get_routes_data(app: FastAPI) -> list[dict]:
    """The HTTP API surface, as shown on the Routes tab."""
    routes = [
        {
            "path": path,
            "methods": sorted(method.upper() for method in operations),
            "summary": next(iter(operations.values())).get("summary", ""),
        }
        for path, operations in app.openapi()["paths"].items()
    ]
    if STUB_DATA:  # simulated traffic, so that the tab has something that changes
        for number, route in enumerate(routes):
            route["requests_last_minute"] = (_stub_tick() * 7 + number * 13) % 120
    return routes


PHASES = ("plan", "build", "test", "review", "document")


def _stub_tick() -> int:
    """The simulated clock: one step a second."""
    return int(time.time())


def _stub_states() -> list[dict]:
    """Two agents at work, moving through their phases; a finished run every second."""
    tick = _stub_tick()
    running = [
        {"adw_id": f"adw-{n}", "issue_number": 100 + n, "workflow": "sdlc", "status": "running",
         "current_phase": PHASES[(tick + n) % len(PHASES)], "progress": (tick * 7 + n * 40) % 100,
         "started_at": f"2025-12-08T10:0{n}:00Z"}
        for n in (1, 2)
    ]
    finished = [
        {"adw_id": f"adw-done-{n}", "workflow": "sdlc", "status": "failed" if n % 5 == 0 else "completed",
         "duration_seconds": 60 + n, "finished_at": f"2025-12-08T09:{n % 60:02d}:00Z"}
        for n in range(3 + tick % 20)
    ]
    return running + finished
