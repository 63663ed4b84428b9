"""Real-time channels for the dashboard.

Each endpoint sends a snapshot on connect; later updates are pushed through the
shared ConnectionManager.
"""

import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from services.adw_monitor import get_adw_monitor_data
from services.message_types import ADW_MONITOR_UPDATE, QUEUE_UPDATE, ROUTES_UPDATE, WORKFLOWS_UPDATE
from services.queue_service import get_planned_features_data, get_queue_data
from services.system_status import get_system_status_data, get_webhook_status_data
from services.websocket_manager import ConnectionManager, manager
from services.workflow_service import get_routes_data, get_workflow_history_data, get_workflows_data

logger = logging.getLogger(__name__)

router = APIRouter()


async def _handle_websocket_connection(
    websocket: WebSocket,
    manager: ConnectionManager,
    initial_data: dict,
    connection_name: str,
) -> None:
    await manager.connect(websocket)
    try:
        await websocket.send_json(initial_data)
        while True:
            # Keep-alive: the client only ever sends pings.
            message = await websocket.receive_text()
            if message == "ping":
                await websocket.send_json({"type": "pong"})
    except WebSocketDisconnect:
        logger.info(f"[WS] {connection_name} client disconnected")
    except Exception as e:
        logger.error(f"[WS] Error in {connection_name} WebSocket connection: {e}", exc_info=True)
    finally:
        manager.disconnect(websocket)


@router.websocket("/ws/workflows")
async def websocket_workflows(websocket: WebSocket) -> None:
    initial_data = {"type": WORKFLOWS_UPDATE, "data": await get_workflows_data()}
    await _handle_websocket_connection(websocket, manager, initial_data, "workflows")


@router.websocket("/ws/routes")
async def websocket_api_routes(websocket: WebSocket) -> None:
    initial_data = {"type": ROUTES_UPDATE, "data": get_routes_data(websocket.app)}
    await _handle_websocket_connection(websocket, manager, initial_data, "routes")


@router.websocket("/ws/workflow-history")
async def websocket_workflow_history(websocket: WebSocket) -> None:
    history = await get_workflow_history_data()
    initial_data = {"type": "workflow_history_update", "data": history}
    await _handle_websocket_connection(websocket, manager, initial_data, "workflow history")


@router.websocket("/ws/adw-monitor")
async def websocket_adw_monitor(websocket: WebSocket) -> None:
    initial_data = {"type": ADW_MONITOR_UPDATE, "data": await get_adw_monitor_data()}
    await _handle_websocket_connection(websocket, manager, initial_data, "ADW monitor")


@router.websocket("/ws/queue")
async def websocket_queue(websocket: WebSocket) -> None:
    initial_data = {"type": QUEUE_UPDATE, "data": await get_queue_data()}
    await _handle_websocket_connection(websocket, manager, initial_data, "queue")


@router.websocket("/ws/planned-features")
async def websocket_planned_features(websocket: WebSocket) -> None:
    features = await get_planned_features_data()
    initial_data = {"type": "planned_features_update", "data": features}
    await _handle_websocket_connection(websocket, manager, initial_data, "planned features")


@router.websocket("/ws/system-status")
async def websocket_system_status(websocket: WebSocket) -> None:
    system_status_data = await get_system_status_data()
    initial_data = {
        "type": "system_status_update",
        "data": system_status_data,
    }
    await _handle_websocket_connection(websocket, manager, initial_data, "system status")


@router.websocket("/ws/webhook-status")
async def websocket_webhook_status(websocket: WebSocket) -> None:
    webhook_status_data = await get_webhook_status_data()
    initial_data = {
        "type": "webhook_status_update",
        "data": webhook_status_data,
    }
    await _handle_websocket_connection(websocket, manager, initial_data, "webhook status")
