"""Control panel API: HTTP endpoints plus real-time WebSocket channels."""

import logging
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from routes import api_routes, websocket_routes
from services.background_tasks import BackgroundTaskManager, watch_intervals
from services.websocket_manager import manager

logging.basicConfig(
    level=os.getenv("LOG_LEVEL", "INFO"),
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI):
    background_tasks = BackgroundTaskManager(websocket_manager=manager, app=app, **watch_intervals())
    await background_tasks.start()
    logger.info("Background watchers started")
    try:
        yield
    finally:
        await background_tasks.stop()
        logger.info("Background watchers stopped")


app = FastAPI(
    title="Webbuilder Control Panel API",
    version="0.9.0",
    lifespan=lifespan,
)

app.add_middleware(
    CORSMiddleware,
    allow_origins=os.getenv("CORS_ORIGINS", "http://localhost:5173").split(","),
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

app.include_router(api_routes.router, prefix="/api/v1")
app.include_router(websocket_routes.router, prefix="/api/v1")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
