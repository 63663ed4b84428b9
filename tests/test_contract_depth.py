"""Resolution depth (issue 3, item 11): a realistic project of 30+ modules in which every
message type travels through several layers before it reaches a broadcast — a `StrEnum`
in `app/core`, a constants module in `app/realtime` that re-exports and combines it (module
constants, `.value`, class attributes), a generic module-level `notify(kind, payload)`
re-exported by its package, and `RealtimeService._broadcast(kind, payload)` — and every
endpoint resolved, covered, with zero WS002.

The folder pair also runs through test_fixtures.py: `contract_depth_app` leaves exactly one
endpoint (/api/v1/ws/system-status) without a broadcast, `contract_depth_app_ok` is silent.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_scan
from wscheck.checklist import Phase
from wscheck.answers import Status

OK = FIXTURES / "contract_depth_app_ok"
FIRING = FIXTURES / "contract_depth_app"

ENDPOINTS = {
    "/api/v1/ws/alerts": "alert_raised",
    "/api/v1/ws/inventory": "inventory_changed",
    "/api/v1/ws/metrics": "metrics_sampled",
    "/api/v1/ws/orders": "orders_updated",
    "/api/v1/ws/presence/{user_id}": "presence_changed",
    "/api/v1/ws/shipments": "shipment_status",
    "/api/v1/ws/system-status": "system_status_update",
}


@pytest.fixture(scope="module")
def report():
    return run_scan(OK)


def test_the_project_is_big_enough():
    modules = [p for p in OK.rglob("*.py") if p.is_file()]
    assert len(modules) >= 30
    packages = {p.parent.relative_to(OK).as_posix() for p in modules}
    for package in ("app/core", "app/domain", "app/realtime", "app/api/ws", "app/api/http", "app/workers"):
        assert package in packages
    assert any(p.startswith("app/services/") for p in packages)


def test_every_endpoint_is_found_with_its_full_path(report):
    assert len(report.project.endpoints) >= 6
    assert {e.path for e in report.project.endpoints} == set(ENDPOINTS)


def test_every_message_type_is_resolved(report):
    assert report.project.unresolved == ()
    assert not [f for f in report.findings if f.code == "WS002"]
    for endpoint in report.project.endpoints:
        data_types = [t.name for t in endpoint.message_types if t.name not in report.settings.control_types]
        assert data_types == [ENDPOINTS[endpoint.path]], endpoint.path


def test_every_endpoint_passes_phase_2(report):
    statuses = {c.endpoint.path: c.phases[Phase.BROADCAST].status for c in report.checklists}
    assert statuses == {path: Status.PASS for path in ENDPOINTS}


def test_phase_2_evidence_is_a_broadcast_of_the_endpoints_type(report):
    """Covered by a real broadcast through the layers, not by some push loop."""
    for checklist in report.checklists:
        answer = checklist.phases[Phase.BROADCAST]
        wanted = ENDPOINTS[checklist.endpoint.path]
        assert any(e.message_type == wanted for e in answer.evidence), (checklist.endpoint.path, answer.evidence)


def test_broadcasts_through_notify_are_recorded_at_the_service_call(report):
    """`notify(kind, payload)` -> `RealtimeService.dispatch` -> `_broadcast` -> manager:
    the type is settled where the service calls `notify`."""
    sites = {(b.location.file, t.name) for b in report.project.broadcasts for t in b.types}
    assert ("app/services/orders/service.py", "orders_updated") in sites
    assert ("app/services/alerts/service.py", "alert_raised") in sites
    assert ("app/services/shipments/service.py", "shipment_status") in sites
    assert ("app/services/presence/service.py", "presence_changed") in sites
    assert ("app/realtime/service.py", "inventory_changed") in sites
    assert ("app/realtime/service.py", "metrics_sampled") in sites
    assert ("app/realtime/service.py", "system_status_update") in sites


def test_the_firing_twin_misses_exactly_the_system_status_broadcast():
    firing = run_scan(FIRING)
    assert firing.project.unresolved == ()
    failing = {c.endpoint.path for c in firing.checklists if c.phases[Phase.BROADCAST].status is not Status.PASS}
    assert failing == {"/api/v1/ws/system-status"}
