"""HTTP endpoints. The dashboard uses these for first paint and as a fallback
when its WebSocket channels are down."""

from fastapi import APIRouter, Request

from services.adw_monitor import get_adw_monitor_data
from services.queue_service import get_planned_features_data, get_queue_data
from services.system_status import get_system_status_data, get_webhook_status_data
from services.workflow_service import get_routes_data, get_workflow_history_data, get_workflows_data

router = APIRouter()


@router.get("/system-status")
async def system_status() -> dict:
    return await get_system_status_data()


@router.get("/webhook-status")
async def webhook_status() -> dict:
    return await get_webhook_status_data()


@router.get("/queue")
async def queue() -> dict:
    return await get_queue_data()


@router.get("/queue/config")
async def queue_config() -> dict:
    return {"max_concurrent": 2, "auto_start": True}


@router.get("/adw-monitor")
async def adw_monitor() -> dict:
    return await get_adw_monitor_data()


@router.get("/workflows")
async def workflows() -> list[dict]:
    return await get_workflows_data()


@router.get("/workflow-history")
async def workflow_history(limit: int = 50) -> dict:
    return await get_workflow_history_data(limit=limit)


@router.get("/planned-features")
async def planned_features() -> list[dict]:
    return await get_planned_features_data()


@router.get("/routes")
async def routes(request: Request) -> list[dict]:
    return get_routes_data(request.app)
