"""The bundled examples report exactly what the post-mortem needs, through the JSON output."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from wscheck.cli import main

ROUTES = "examples/postmortem/app/server/routes/websocket_routes.py"
HOOK = "examples/postmortem/app/client/src/hooks/useReliableWebSocket.ts"
ENDPOINTS = [
    "/api/v1/ws/adw-monitor",
    "/api/v1/ws/planned-features",
    "/api/v1/ws/queue",
    "/api/v1/ws/routes",
    "/api/v1/ws/system-status",
    "/api/v1/ws/webhook-status",
    "/api/v1/ws/workflow-history",
    "/api/v1/ws/workflows",
]


def run_json(folder: str, monkeypatch) -> tuple[int, dict]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, [folder, "--format", "json"])
    return result.exit_code, json.loads(result.output)


def test_postmortem_example(monkeypatch):
    code, document = run_json("examples/postmortem", monkeypatch)
    assert code == 1
    findings = [(f["code"], f["file"], f["line"], f.get("endpoint"), f.get("message_type")) for f in document["findings"]]
    assert findings == [
        ("WS202", HOOK, 127, None, None),
        ("WS101", ROUTES, 84, "/api/v1/ws/system-status", "system_status_update"),
        ("WS101", ROUTES, 94, "/api/v1/ws/webhook-status", "webhook_status_update"),
    ]
    summary = document["summary"]
    assert summary["endpoints"] == 8
    assert summary["endpoints_with_broadcast"] == 6
    assert summary["polling_sites"] == 1
    assert summary["parse_errors"] == 0
    # one fallback at 3 s inside the hook that all 8 channel hooks call: 8 x 20/min
    assert summary["estimated_polling_requests_per_minute"] == 160.0
    assert document["polling"] == [{"file": HOOK, "line": 127, "kind": "refetchInterval", "interval_ms": 3000, "conditional": True}]
    assert [e["path"] for e in document["endpoints"]] == ENDPOINTS
    by_path = {e["path"]: e for e in document["endpoints"]}
    status = by_path["/api/v1/ws/system-status"]
    assert status["declared_path"] == "/ws/system-status"
    assert status["message_types"] == ["system_status_update"]
    assert status["broadcasts"] == []
    assert {k: v["status"] for k, v in status["phases"].items()} == {
        "endpoint": "pass", "broadcast": "fail", "client_hook": "pass", "component": "pass",
        "tests": "pass", "docs": "pass", "cleanup": "fail",
    }
    assert status["phases"]["cleanup"]["evidence"] == [{"file": HOOK, "line": 127}]
    queue = by_path["/api/v1/ws/queue"]
    assert queue["phases"]["broadcast"]["status"] == "pass"
    assert queue["broadcasts"] and all(b["message_type"] == "queue_update" for b in queue["broadcasts"])


def test_postmortem_fixed_example(monkeypatch):
    code, document = run_json("examples/postmortem-fixed", monkeypatch)
    assert code == 0
    assert document["findings"] == []
    assert document["summary"]["endpoints"] == 8
    assert document["summary"]["endpoints_with_broadcast"] == 8
    for endpoint in document["endpoints"]:
        assert {v["status"] for v in endpoint["phases"].values()} == {"pass"}, endpoint["path"]


@pytest.mark.parametrize("folder", ["examples/postmortem", "examples/postmortem-fixed"])
def test_json_output_is_byte_stable(folder, monkeypatch):
    monkeypatch.chdir(ROOT)
    first = CliRunner().invoke(main, [folder, "--format", "json", "--no-cache"]).output
    second = CliRunner().invoke(main, [folder, "--format", "json", "--no-cache"]).output
    assert first == second


@pytest.mark.parametrize("folder", ["examples/postmortem", "examples/postmortem-fixed"])
def test_a_warm_run_reports_the_same_and_says_it_parsed_nothing(folder, monkeypatch):
    monkeypatch.chdir(ROOT)
    cold = json.loads(CliRunner().invoke(main, [folder, "--format", "json"]).output)
    warm = json.loads(CliRunner().invoke(main, [folder, "--format", "json"]).output)
    one_job = json.loads(CliRunner().invoke(main, [folder, "--format", "json", "--no-cache", "--jobs", "1"]).output)
    two_jobs = json.loads(CliRunner().invoke(main, [folder, "--format", "json", "--no-cache", "--jobs", "2"]).output)
    assert cold["summary"]["files_parsed"] > 0 and cold["summary"]["files_cached"] == 0
    assert warm["summary"]["files_parsed"] == 0 and warm["summary"]["files_cached"] == cold["summary"]["files_parsed"]
    for document in (cold, warm, one_job, two_jobs):
        del document["summary"]["files_parsed"], document["summary"]["files_cached"]
    assert cold == warm == one_job == two_jobs


def test_json_keys_are_exactly_specs_version_1(monkeypatch):
    _, document = run_json("examples/postmortem", monkeypatch)
    assert list(document) == ["version", "tool", "root", "summary", "endpoints", "broadcasts", "polling", "findings"]
    assert set(document["summary"]) == {  # SPEC's version 1, and three keys added since (new keys only)
        "files_scanned", "parse_errors", "endpoints", "endpoints_with_broadcast", "polling_sites",
        "estimated_polling_requests_per_minute", "findings", "files_parsed", "files_cached", "skipped_vendored",
    }
    endpoint = document["endpoints"][0]
    assert list(endpoint) == [
        "path", "declared_path", "routed", "file", "line", "function", "framework", "message_types", "broadcasts", "phases",
    ]
    assert list(endpoint["phases"]) == ["endpoint", "broadcast", "client_hook", "component", "tests", "docs", "cleanup"]
    assert all(set(phase) == {"status", "evidence"} for phase in endpoint["phases"].values())
    assert set(document["broadcasts"][0]) == {"file", "line", "message_types", "channel"}
    assert set(document["polling"][0]) == {"file", "line", "kind", "interval_ms", "conditional"}
    assert set(document["findings"][0]) == {
        "code", "name", "severity", "file", "line", "column", "message", "endpoint", "message_type", "fingerprint",
    }


# The same bug on other stacks: one seeded instance each, and a fixed twin that is clean.
OTHER_STACKS = [
    (
        "examples/channels-vue", "channels", "examples/channels-vue/server/dashboard/consumers.py", 23,
        "/ws/system-status/", "system_status_update", ["/ws/jobs/", "/ws/system-status/"],
    ),
    (
        "examples/socketio-app", "socketio", "examples/socketio-app/server/app/metrics_handlers.py", 7,
        "/metrics", "metrics_update", ["/deploys", "/metrics"],
    ),
]


@pytest.mark.parametrize("folder, framework, file, line, path, message_type, paths", OTHER_STACKS, ids=["channels", "socketio"])
def test_other_stack_example_reports_the_seeded_bug(folder, framework, file, line, path, message_type, paths, monkeypatch):
    code, document = run_json(folder, monkeypatch)
    assert code == 1
    findings = [(f["code"], f["file"], f["line"], f.get("endpoint"), f.get("message_type")) for f in document["findings"]]
    assert findings == [("WS101", file, line, path, message_type)]
    assert [e["path"] for e in document["endpoints"]] == paths
    assert {e["framework"] for e in document["endpoints"]} == {framework}
    assert document["summary"]["endpoints_with_broadcast"] == len(paths) - 1
    broken = next(e for e in document["endpoints"] if e["path"] == path)
    others = [e for e in document["endpoints"] if e["path"] != path]
    assert broken["phases"]["broadcast"]["status"] == "fail"
    for endpoint in others:  # the healthy socket: every phase passes, with the client side found
        assert {v["status"] for v in endpoint["phases"].values()} == {"pass"}, endpoint["path"]


@pytest.mark.parametrize("folder", [s[0] + "-fixed" for s in OTHER_STACKS], ids=["channels", "socketio"])
def test_other_stack_fixed_example_is_clean(folder, monkeypatch):
    code, document = run_json(folder, monkeypatch)
    assert code == 0
    assert document["findings"] == []
    assert document["summary"]["endpoints"] == document["summary"]["endpoints_with_broadcast"] == 2
    for endpoint in document["endpoints"]:
        assert {v["status"] for v in endpoint["phases"].values()} == {"pass"}, endpoint["path"]
