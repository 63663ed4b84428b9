"""Workflow state, read from the per-run state files the ADW agents write."""

import json
import os
from pathlib import Path

from fastapi import FastAPI

AGENTS_DIR = Path(os.getenv("ADW_AGENTS_DIR", "agents"))
HISTORY_LIMIT = 50


def _load_states() -> list[dict]:
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
    return [
        {
            "path": path,
            "methods": sorted(method.upper() for method in operations),
            "summary": next(iter(operations.values())).get("summary", ""),
        }
        for path, operations in app.openapi()["paths"].items()
    ]
