"""Full endpoint paths from router prefixes, include_router chains and Starlette mounts.

The fixture harness compares (file, line, code) only, so the path an endpoint ends up
with is checked here, on the `server_router_prefixes` fixture pair:

- `APIRouter(prefix="/ws")` in one module, `app.include_router(ws.router, prefix=API_V1_PREFIX)`
  in another (the prefix an imported module constant);
- `api_router.include_router(admin_ws.router, prefix="/admin")` nested inside
  `app.include_router(api_router, prefix=API_V1_PREFIX)`;
- `@app.websocket` on the app itself (no prefix);
- `Mount("/realtime", routes=[WebSocketRoute(...)])` in a Starlette app.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_scan
from wscheck.model.entities import Unresolvable

EXPECTED = {
    # path: (declared path, file, def line, function)
    "/api/v1/ws/system-status": ("/system-status", "app/api/v1/endpoints/ws.py", 9, "system_status"),
    "/api/v1/ws/queue/{queue_id}": ("/queue/{queue_id}", "app/api/v1/endpoints/ws.py", 20, "queue"),
    "/api/v1/admin/ws/audit-log": ("/ws/audit-log", "app/api/v1/endpoints/admin_ws.py", 9, "audit_log"),
    "/ws/health": ("/ws/health", "app/main.py", 13, "health"),
    "/realtime/ws/metrics": ("/ws/metrics", "app/sidecar.py", 10, "metrics_socket"),
}


@pytest.mark.parametrize("name", ["server_router_prefixes", "server_router_prefixes_ok"])
def test_full_paths(name):
    report = run_scan(FIXTURES / name)
    endpoints = report.project.endpoints
    assert sorted(e.path for e in endpoints) == sorted(EXPECTED)
    for endpoint in endpoints:
        _, file, line, function = EXPECTED[endpoint.path]
        assert (endpoint.location.file, endpoint.location.line) == (file, line), endpoint.path
        assert endpoint.function == function, endpoint.path


@pytest.mark.parametrize("name", ["server_router_prefixes", "server_router_prefixes_ok"])
def test_declared_paths(name):
    """`declared_path` is the path written at the route, without any prefix (as in the
    JSON output's example: path "/api/v1/ws/system-status", declared "/ws/system-status")."""
    report = run_scan(FIXTURES / name)
    declared = {e.path: e.declared_path for e in report.project.endpoints}
    assert declared == {path: expected[0] for path, expected in EXPECTED.items()}


def test_no_unresolved_prefix():
    """Every prefix is a constant: nothing about the routes is reported as unresolved."""
    report = run_scan(FIXTURES / "server_router_prefixes")
    assert [u for u in report.project.unresolved if u.what is not Unresolvable.SEND] == []
    assert not [f for f in report.findings if f.code == "WS002"]


def test_parse_error_leaves_the_rest_analysed():
    """`server_parse_error`: two broken modules are reported (WS001) and left out; the
    endpoint and the broadcast in the valid modules (one written in Python 3.12 syntax,
    which the stdlib `ast` of an older interpreter rejects) are still found."""
    report = run_scan(FIXTURES / "server_parse_error")
    assert sorted(f.path for f in report.project.failures) == ["app/services/digest.py", "app/services/legacy_notifier.py"]
    assert [(e.path, [t.name for t in e.message_types]) for e in report.project.endpoints] == [("/ws/status", ["status_update"])]
    assert [(b.location.file, [t.name for t in b.types]) for b in report.project.broadcasts] == [
        ("app/services/status_feed.py", ["status_update"])
    ]
