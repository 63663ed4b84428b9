"""Issue 21 (6, 8): Socket.IO lifecycle listeners are no message types, and a conditional
interval is a WS202 fallback only beside a socket; elsewhere it is WS201, still conditional."""

from __future__ import annotations

from conftest import FIXTURES, run_scan

HOOK = (
    "import { useQuery } from '@tanstack/react-query';\n\n"
    "export function useJobs({ isConnected, id }: { isConnected: boolean; id?: string }) {\n"
    "  const down = useQuery({ queryKey: ['jobs'], queryFn: () => fetch('/api/jobs'), refetchInterval: 3000, enabled: !isConnected });\n"
    "  const one = useQuery({ queryKey: ['job', id], queryFn: () => fetch(`/api/jobs/${id}`), refetchInterval: 3000, enabled: !!id });\n"
    "  const off = useQuery({ queryKey: ['x'], queryFn: () => fetch('/api/x'), refetchInterval: 3000, enabled: false });\n"
    "  return [down, one, off];\n}\n"
)


def test_a_toggle_without_a_socket_is_conditional_http_polling():
    report = run_scan(FIXTURES / "client_conditional_without_socket")
    assert [f.code for f in report.findings] == ["WS201"]
    assert [(p.interval_ms, p.conditional, p.condition) for p in report.project.polling] == [(5000, True, "streaming")]


def test_enabled_while_the_socket_is_down_makes_the_interval_conditional(project):
    report = run_scan(project({"web/src/useJobs.ts": HOOK}), select=("WS2",))
    assert [(p.location.line, p.conditional) for p in report.project.polling] == [(4, True), (5, False)]
    assert sorted((f.location.line, f.code) for f in report.findings) == [(4, "WS202"), (5, "WS201")]


def test_manager_listeners_are_not_message_types(project):
    server = (
        "import socketio\n\nsio = socketio.AsyncServer(async_mode='asgi')\n\n\n"
        "@sio.event\nasync def connect(sid, environ):\n    await sio.emit('feed', [], to=sid)\n\n\n"
        "async def push(items):\n    await sio.emit('feed', items)\n"
    )
    client = (
        "import { io } from 'socket.io-client';\n\nexport function listen(render: (d: unknown) => void) {\n"
        "  const socket = io('http://localhost:8000');\n"
        "  socket.io.on('open', () => render(null));\n"
        "  socket.io.on('backoff_scheduled', () => render(null));\n"  # the Manager's, whatever the name
        "  socket.io.engine.on('packetCreate', () => render(null));\n"
        "  socket.on('feed', render);\n"
        "  return socket;\n}\n"
    )
    files = {"app/sockets.py": server, "app/main.py": "from app.sockets import push\nHOOKS = [push]\n", "web/live.ts": client}
    report = run_scan(project(files), select=("WS1",))
    assert list(report.findings) == []
    assert [h.name for h in report.project.handled_types] == ["feed"]
