"""WS104/WS105 across Socket.IO: the server's event names meet the client's `socket.on` listeners."""

from __future__ import annotations

from conftest import run_scan

SERVER = (
    "import socketio\n\nsio = socketio.AsyncServer(async_mode='asgi')\n\n\n"
    "@sio.event\nasync def connect(sid, environ):\n    await sio.emit('deploys_update', [], to=sid)\n\n\n"
    "async def on_deploy(deploys):\n    await sio.emit('deploys_update', deploys)\n\n\n"
    "async def on_build(build):\n    await sio.emit('build_finished', build)\n"
)
CLIENT = (
    "import { io } from 'socket.io-client';\n\nexport function listen(render: (d: unknown) => void) {\n"
    "  const socket = io('http://localhost:8000');\n"
    "  socket.on('deploys_update', render);\n"
    "  socket.on('deploy_failed', render);\n"
    "  return socket;\n}\n"
)
MAIN = "from app.sockets import on_build, on_deploy\n\nHOOKS = {'deploy': on_deploy, 'build': on_build}\n"


def test_socketio_events_meet_the_client_listeners(project):
    report = run_scan(project({"app/sockets.py": SERVER, "app/hooks.py": MAIN, "web/src/live.ts": CLIENT}), select=("WS104", "WS105", "WS101"))
    found = sorted((f.code, f.location.file, f.location.line, f.message_type) for f in report.findings)
    assert found == [
        ("WS104", "web/src/live.ts", 6, "deploy_failed"),
        ("WS105", "app/sockets.py", 16, "build_finished"),
    ]
    assert [(e.path, e.framework.value) for e in report.project.endpoints] == [("/", "socketio")]


GENERIC_SERVER = (
    "import socketio\n\nsio = socketio.AsyncServer()\n\n\n@sio.event\nasync def connect(sid, environ):\n"
    "    await sio.emit('message', {'type': 'status_update', 'data': {}}, to=sid)\n\n\n"
    "async def push(data):\n    await sio.emit('message', {'type': 'status_update', 'data': data})\n"
)
GENERIC_CLIENT = (
    "import { io } from 'socket.io-client';\n\nexport function listen(render: (d: unknown) => void) {\n"
    "  const socket = io('http://localhost:8000');\n"
    "  socket.on('message', (msg: { type: string; data: unknown }) => {\n"
    "    if (msg.type === 'status_update') render(msg.data);\n  });\n  return socket;\n}\n"
)


def test_a_typed_payload_on_a_generic_event_carries_its_type_too(project):
    files = {"app/sockets.py": GENERIC_SERVER, "app/main.py": "from app.sockets import push\nHOOKS = [push]\n", "web/live.ts": GENERIC_CLIENT}
    report = run_scan(project(files), select=("WS1",))
    assert list(report.findings) == []  # no WS104 for status_update, no WS101
    assert [[t.name for t in b.types] for b in report.project.broadcasts] == [["message", "status_update"]]
