"""Summary of agent activity for the ADW monitor card."""

from services.workflow_service import _load_states


async def get_adw_monitor_data() -> dict:
    states = _load_states()
    counts = {"running": 0, "pending": 0, "completed": 0, "failed": 0}
    for state in states:
        status = state.get("status")
        if status in counts:
            counts[status] += 1
    running = [s for s in states if s.get("status") == "running"]
    return {
        "summary": counts,
        "current": [
            {"adw_id": s["adw_id"], "phase": s.get("current_phase"), "progress": s.get("progress", 0)}
            for s in running
        ],
    }
