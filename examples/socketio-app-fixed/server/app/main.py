"""ASGI app: FastAPI for HTTP, Socket.IO beside it. Run: uvicorn app.main:app"""

import socketio
from fastapi import FastAPI

from app import metrics_handlers  # noqa: F401  (registers the /metrics handlers)
from app.api import router
from app.deploys_namespace import DeploysNamespace
from app.pushers import push_metrics
from app.sockets import sio

api = FastAPI(title="Release board")
api.include_router(router)


@api.on_event("startup")
async def start_pushers():
    sio.start_background_task(push_metrics)


sio.register_namespace(DeploysNamespace("/deploys"))

app = socketio.ASGIApp(sio, other_asgi_app=api)
