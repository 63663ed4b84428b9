"""`wscheck traffic --project`: polled paths joined to the static scan (the post-mortem's app
with a log of its incident), the rules' documented examples run as tests, every output
format, and the command line's errors, help and start-up cost."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import traffic_logs as T
from conftest import ROOT, write_files
from wscheck.cli import main
from wscheck.docs import rule_page
from wscheck.rules.runtime import runtime_rules

POSTMORTEM = "examples/postmortem"
HOOK = f"{POSTMORTEM}/app/client/src/hooks/useReliableWebSocket.ts:127"
SOCKET_PATHS = ("workflows", "routes", "workflow-history", "adw-monitor", "queue", "planned-features",
                "system-status", "webhook-status")


@pytest.fixture(scope="module")
def incident_log(tmp_path_factory) -> Path:
    """The post-mortem's backend log, with times: its eight hooks falling back to HTTP every
    3 s (~160 requests/minute), and /api/v1/queue/config, which no socket serves."""
    rng = random.Random(12)
    series = [T.timer(rng, f"/api/v1/{name}", 3, 240, start=T.START + i * 0.37) for i, name in enumerate(SOCKET_PATHS)]
    series.append(T.timer(rng, "/api/v1/queue/config", 3, 240, start=T.START + 0.2))
    return T.write(tmp_path_factory.mktemp("incident") / "backend.log", [T.uvicorn(h, stamped=True) for h in T.ordered(*series)])


def traffic(*args: str, cwd: Path = ROOT):
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["traffic", *args])
    finally:
        os.chdir(previous)


def test_the_incident_log_joined_to_the_postmortem_app(incident_log):
    result = traffic(str(incident_log), "--project", POSTMORTEM)
    assert result.exit_code == 1, result.output  # WS404 is an error
    lines = result.stdout.splitlines()
    assert ("WS404 GET /api/v1/queue every 3.0 s (20/min, 1 client) ← "
            f"{HOOK} (WS202); /api/v1/ws/queue serves this resource") in lines
    assert sum(line.startswith("WS404 ") for line in lines) == 8
    config = next(line for line in lines if "/api/v1/queue/config" in line)
    assert config.startswith("WS403 GET /api/v1/queue/config every 3.0 s") and "←" not in config
    assert "Traffic: 720 requests in 4.0 min" in result.stdout and "(~180/min)" in result.stdout  # the post-mortem's ~180


def test_the_join_in_json(incident_log):
    document = json.loads(traffic(str(incident_log), "--project", POSTMORTEM, "--format", "json").stdout)
    assert document["project"] == POSTMORTEM
    queue = next(p for p in document["polling"] if p["path"] == "/api/v1/queue")
    (site,) = queue["sites"]
    assert (site["file"], site["line"], site["codes"], site["interval_ms"], site["conditional"]) == (
        HOOK.split(":")[0], 127, ["WS202"], 3000, True)
    assert site["via"] == f"fallback of the hook that opens /api/v1/ws/queue at {POSTMORTEM}/app/client/src/hooks/useWebSocket.ts:96"
    assert queue["endpoints"] == [{"path": "/api/v1/ws/queue", "file": f"{POSTMORTEM}/app/server/routes/websocket_routes.py", "line": 71}]
    codes = {(f["path"], f["code"]) for f in document["findings"]}
    assert ("/api/v1/queue", "WS404") in codes and ("/api/v1/queue/config", "WS403") in codes
    ws404 = next(f for f in document["findings"] if f["code"] == "WS404")
    assert ws404["implies"] == ["WS403"] and ws404["file"] == HOOK.split(":")[0] and ws404["line"] == 127


@pytest.mark.parametrize("rule", [r for r in runtime_rules() if r.command == "traffic"], ids=lambda r: r.code)
def test_documented_examples(rule, tmp_path):
    """Each rule's bad example fires it, its good example does not (they are the docs)."""
    for example, fires in ((rule.bad, True), (rule.good, False)):
        folder = tmp_path / ("bad" if fires else "good")
        write_files(folder, example.files)
        result = traffic("logs/backend.log", "--project", ".", "--format", "json", cwd=folder)
        codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
        assert (rule.code in codes) is fires, (rule.code, fires, codes)


def test_a_polled_url_is_joined_to_its_polling_site(tmp_path):
    rule = next(r for r in runtime_rules() if r.code == "WS404")
    write_files(tmp_path, rule.bad.files)
    document = json.loads(traffic("logs/backend.log", "--project", ".", "--format", "json", cwd=tmp_path).stdout)
    (site,) = document["polling"][0]["sites"]
    assert (site["file"], site["via"], site["codes"]) == ("client/src/useQueue.ts", "url", ["WS203"])


@pytest.mark.parametrize("rule", runtime_rules(), ids=lambda r: r.code)
def test_docs_pages_are_current(rule):
    page = ROOT / "docs" / "rules" / f"{rule.code}.md"
    assert page.read_text(encoding="utf-8") == rule_page(rule), f"run `make docs` to regenerate {page}"


def test_sarif_has_results_only_where_a_source_location_is_known(incident_log):
    log = json.loads(traffic(str(incident_log), "--project", POSTMORTEM, "--format", "sarif").stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["WS403", "WS404"]
    assert run["automationDetails"]["id"] == "wscheck-traffic/"  # apart from `wscheck check`'s alerts
    assert len(run["results"]) == 8 and {r["ruleId"] for r in run["results"]} == {"WS404"}
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == HOOK.split(":")[0] and location["region"]["startLine"] == 127
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "/api/v1/queue/config" in notes[0]["message"]["text"]  # no source location


def test_github_and_junit(incident_log, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    annotations = traffic(str(incident_log), "--project", POSTMORTEM, "--format", "github").stdout.splitlines()
    assert len(annotations) == 9
    assert any(a.startswith(f"::error file={HOOK.split(':')[0]},line=127,col=5,title=WS404 traffic-duplicates-websocket::GET /api/v1/queue every")
               for a in annotations)
    assert any(a.startswith("::warning title=WS403 polling-in-traffic::GET /api/v1/queue/config") for a in annotations)
    assert "| WS404 | `GET /api/v1/queue` | 3.0 s | 20.0 | 1 |" in summary.read_text()
    root = ET.fromstring(traffic(str(incident_log), "--project", POSTMORTEM, "--format", "junit").stdout)
    (case,) = root.iter("testcase")
    assert case.get("name") == f"no HTTP polling in {incident_log}" and root.get("failures") == "1"
    assert "WS404 GET /api/v1/queue" in case.find("failure").get("message")


def test_output_file_and_fail_on(incident_log, tmp_path):
    target = tmp_path / "traffic.json"
    result = traffic(str(incident_log), "--format", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""  # WS403 alone is a warning: below error
    assert json.loads(target.read_text())["summary"]["polled_paths"] == 9
    assert traffic(str(incident_log), "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize("args, message", [
    ([], "no input: give access logs or HAR files"),
    (["x.log", "--duration", "5"], "--duration goes with --follow"),
    (["a.log", "b.log", "--follow"], "--follow reads one input"),
    (["-", "-"], "standard input (-) can be read only once"),
    (["x.log", "--project", "no/such/dir"], "--project no/such/dir: no such directory"),
    (["x.log", "--format", "xml"], "Invalid value for '--format'"),
])
def test_usage_errors_are_one_line_exit_2(args, message):
    result = traffic(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_help_and_rule_docs():
    help_text = traffic("--help").stdout
    for words in ("tail -f logs/backend.log | wscheck traffic - --follow --duration 60", "--project PATH",
                  "HAR files", ".gz", "docs/traffic.md"):
        assert words in help_text
    page = CliRunner().invoke(main, ["rule", "WS404"]).stdout
    assert page.startswith("# WS404 traffic-duplicates-websocket") and "## Use instead" in page
    table = CliRunner().invoke(main, ["rule"]).stdout
    assert "| WS403 | polling-in-traffic | warning |" in table


def test_check_imports_nothing_of_traffic():
    """`wscheck check` starts as fast as before: no module of `wscheck traffic`, no ijson."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["check", "--help"], ["check", POSTMORTEM, "--no-cache", "--format", "sarif", "--exit-zero"]):
        imported = subprocess.run([sys.executable, "-X", "importtime", "-m", "wscheck", *args], cwd=ROOT, env=env,
                                  capture_output=True, text=True).stderr
        assert "wscheck.traffic" not in imported and "ijson" not in imported and "wscheck.rules.runtime" not in imported
