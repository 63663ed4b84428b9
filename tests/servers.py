"""Real servers for the run-time tests: uvicorn in a thread on a socket bound to 127.0.0.1 at a
port the OS picks, stopped (and waited for, a few seconds at most) when the test is done."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

STARTUP_DEADLINE_S = 15.0
SHUTDOWN_DEADLINE_S = 5.0


def load_app(path: Path, name: str):
    """The `app` of the Python file at `path`, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.app


@contextmanager
def serve(app):
    """Serve the ASGI `app`; yield its port."""
    import uvicorn

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_DEADLINE_S)
        listener.close()
