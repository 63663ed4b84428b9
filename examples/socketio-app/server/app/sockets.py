"""The Socket.IO server, shared by the namespaces and the HTTP routes that broadcast."""

import socketio

from app.settings import CORS_ORIGINS

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=CORS_ORIGINS)
