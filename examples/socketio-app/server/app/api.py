from fastapi import APIRouter
from pydantic import BaseModel

from app.events import DEPLOYS_UPDATE
from app.services.deploys import record_deploy, recent_deploys
from app.services.metrics import current_metrics
from app.sockets import sio

router = APIRouter(prefix="/api")


class DeployIn(BaseModel):
    service: str
    version: str


@router.get("/deploys")
async def list_deploys():
    return recent_deploys()


@router.post("/deploys", status_code=201)
async def create_deploy(body: DeployIn):
    record_deploy(body.service, body.version)
    await sio.emit(DEPLOYS_UPDATE, recent_deploys(), namespace="/deploys")
    return {"ok": True}


@router.get("/metrics")
async def metrics():
    return current_metrics()
