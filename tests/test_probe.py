"""`wscheck probe` against real servers: uvicorn serving tests/fixtures/misc_probe_app (FastAPI
and python-socketio) on 127.0.0.1 at a port the OS picks. Every wait is short (`--wait 1`), and
no assertion is on a plan a slow machine could miss."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, write_files
from servers import load_app, serve
from wscheck.cli import main

APP = FIXTURES / "misc_probe_app"
SHORT = ("--wait", "1", "--settle", "0.3", "--no-progress")


@pytest.fixture(scope="module")
def port():
    with serve(load_app(APP / "app.py", "wscheck_probe_fixture_app")) as number:
        yield number


def probe(*args: str):
    return CliRunner().invoke(main, ["probe", *args, *SHORT])


def probe_json(*args: str) -> tuple[int, dict]:
    result = probe(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output + result.stderr
    return result.exit_code, json.loads(result.stdout)


def by_path(document: dict) -> dict[str, dict]:
    return {p["path"]: p for p in document["probes"]}


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def test_live_idle_closed_rejected_and_unreachable_sockets(port):
    urls = [f"ws://127.0.0.1:{port}/ws/{name}" for name in ("status", "ticks", "crash", "private")]
    code, document = probe_json(*urls, f"ws://127.0.0.1:{closed_port()}/ws/none")
    probes = by_path(document)
    assert code == 1
    assert document["version"] == 1 and document["tool"]["name"] == "wscheck"
    status = probes["/ws/status"]
    assert (status["status"], status["code"]) == ("idle", "WS401")
    assert status["initial"] == [{"type": "status_update", "count": 1, "first_after_s": status["initial"][0]["first_after_s"]}]
    assert status["updates"] == [] and status["first_update_after_s"] is None
    ticks = probes["/ws/ticks"]
    assert ticks["status"] == "live" and ticks["code"] is None
    assert ticks["updates"][0]["type"] == "tick" and ticks["updates"][0]["count"] >= 1 and ticks["first_update_after_s"] > 0
    crash = probes["/ws/crash"]
    assert (crash["status"], crash["code"], crash["close"]["code"], crash["close"]["reason"]) == ("failed", "WS402", 1011, "")
    assert crash["error"] == "closed with code 1011 and no reason"
    private = probes["/ws/private"]
    assert (private["code"], private["http_status"], private["connect_ms"]) == ("WS402", 403, None)
    assert "connection refused" in probes["/ws/none"]["error"]
    messages = {f["path"]: f["message"] for f in document["findings"]}
    assert messages["/ws/status"].startswith("connected and got its initial data (status_update), then nothing for 1 s")
    assert messages["/ws/crash"].startswith("closed with code 1011 and no reason")
    assert [f["code"] for f in document["findings"]] == ["WS401", "WS402", "WS402", "WS402"]


def test_socketio_namespaces_live_idle_and_refused(port):
    args = ("--socketio", f"http://127.0.0.1:{port}", "--namespace", "/metrics", "--namespace", "/health", "--namespace", "admin")
    _, document = probe_json(*args)
    assert [(p["protocol"], p["namespace"]) for p in document["probes"]] == [
        ("socketio", "/metrics"), ("socketio", "/health"), ("socketio", "/admin"),
    ]
    verdicts = {p["namespace"]: (p["status"], p["error"]) for p in document["probes"]}
    assert verdicts["/metrics"] == ("live", None)
    assert verdicts["/health"] == ("idle", None)
    assert verdicts["/admin"] == ("failed", "namespace /admin refused the connection with 'admins only'")


def test_a_socket_io_path_in_the_url_means_socket_io(port):
    _, document = probe_json(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", "--namespace", "metrics")
    (only,) = document["probes"]
    assert (only["protocol"], only["namespace"], only["status"]) == ("socketio", "/metrics", "live")
    assert only["url"] == f"http://127.0.0.1:{port}/socket.io/"


def test_the_static_verdict_stands_beside_the_run_time_one(port, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = probe("--base-url", f"http://127.0.0.1:{port}", "tests/fixtures/misc_probe_app")
    assert result.exit_code == 1, result.output + result.stderr
    lines = result.stdout.splitlines()
    status = next(line for line in lines if line.startswith("  /ws/status "))
    assert "WS101 (nothing broadcasts status_update)" in status and status.endswith("·  idle 1 s after initial data (WS401)")
    health = next(line for line in lines if line.startswith("  /health "))  # a Socket.IO namespace, probed as one
    assert "WS101 (nothing broadcasts health_update)" in health and "idle 1 s after initial data (WS401)" in health
    ticks = next(line for line in lines if line.startswith("  /ws/ticks "))
    assert " ok " in ticks and "live: first update after" in ticks
    assert "  /ws/rooms/{room_id}: needs --param room_id=VALUE  [static: ok]" in lines
    finding = next(line for line in lines if " WS401 " in line and "/ws/status" in line)
    assert finding.startswith("tests/fixtures/misc_probe_app/app.py:15:1: WS401 ws://127.0.0.1:")
    assert finding.endswith("the static scan agrees: WS101, nothing broadcasts status_update")
    assert lines[-1].startswith("8 sockets probed in ") and lines[-1].endswith("; 1 skipped.")


def test_param_fills_a_path_parameter_and_json_carries_the_static_codes(port, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, document = probe_json("--base-url", f"http://127.0.0.1:{port}/", "tests/fixtures/misc_probe_app", "--param", "room_id=7")
    probes = by_path(document)
    room = probes["/ws/rooms/{room_id}"]
    assert room["url"] == f"ws://127.0.0.1:{port}/ws/rooms/7" and room["status"] == "live"
    assert document["skipped"] == [] and document["summary"]["probed"] == 9
    assert probes["/ws/status"]["static"]["codes"] == ["WS101"]
    assert probes["/ws/status"]["static"]["message_types"] == ["status_update"]
    assert probes["/metrics"]["protocol"] == "socketio" and probes["/metrics"]["static"]["codes"] == []
    status_finding = next(f for f in document["findings"] if f["path"] == "/ws/status")
    assert (status_finding["file"], status_finding["line"]) == ("tests/fixtures/misc_probe_app/app.py", 15)


def test_junit_has_one_test_case_per_socket(port, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = probe("--base-url", f"http://127.0.0.1:{port}", "tests/fixtures/misc_probe_app", "--format", "junit")
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert len(cases) == 9 and suite.get("tests") == "9" and suite.get("skipped") == "1"
    assert cases["/ws/status"].find("failure").get("type") == "WS401"
    assert cases["/ws/crash"].find("failure").get("type") == "WS402"
    assert cases["/ws/ticks"].find("failure") is None
    assert cases["/ws/rooms/{room_id}"].find("skipped").get("message") == "needs --param room_id=VALUE"
    assert suite.get("failures") == "6"  # /ws/status, /health, /ws/on-request (WS401); crash, private, /admin (WS402)


def test_output_file_and_fail_on_with_a_configured_severity(port, tmp_path):
    config = tmp_path / "wscheck.toml"
    config.write_text('[severity]\nWS401 = "warning"\n', encoding="utf-8")
    url = f"ws://127.0.0.1:{port}/ws/status"
    report = tmp_path / "probe.json"
    passed = probe(url, "--config", str(config), "--output", str(report), "--format", "json")
    assert passed.exit_code == 0 and passed.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["findings"][0]["severity"] == "warning"
    assert probe(url, "--config", str(config), "--fail-on", "warning").exit_code == 1
    assert probe(f"ws://127.0.0.1:{port}/ws/ticks").exit_code == 0


def test_nothing_is_sent_unless_told(port):
    url = f"ws://127.0.0.1:{port}/ws/on-request"
    _, silent = probe_json(url)
    assert silent["probes"][0]["status"] == "idle" and silent["probes"][0]["initial"] == []
    assert "then nothing at all for" in silent["findings"][0]["message"]
    _, told = probe_json(url, "--send", '{"type": "client_ready"}')
    assert told["probes"][0]["initial"][0]["type"] == "ready_update"


def test_headers_and_origin_open_a_guarded_socket(port):
    url = f"ws://127.0.0.1:{port}/ws/private"
    _, document = probe_json(url, "--header", "Authorization: Bearer letmein", "--origin", "http://app.test")
    assert document["probes"][0]["status"] == "live"


def test_sockets_are_probed_at_once(port):
    urls = [f"ws://127.0.0.1:{port}/ws/{name}" for name in ("status", "ticks", "status", "ticks", "on-request", "status")]
    _, document = probe_json(*urls)
    assert len(document["probes"]) == 6
    # one after another they would take at least 6 x (1 s + 0.3 s); together, about one of them
    assert document["summary"]["elapsed_s"] < 5


def test_progress_lines_render_and_stay_off_a_pipe(port):
    from rich.console import Console

    from wscheck.probe.observe import Tracker
    from wscheck.probe.runner import _Lines

    trackers = [Tracker("/ws/status", "waiting for updates", 1, 0, until=None), Tracker("/ws/ticks", "done", 1, 4, done=True)]
    console = Console(width=100, record=True, color_system=None)
    console.print(_Lines(trackers, lambda: 0.0))
    text = console.export_text()
    assert "/ws/status  waiting for updates (initial 1, updates 0)" in text and "✓ /ws/ticks" in text
    assert probe(f"ws://127.0.0.1:{port}/ws/ticks").stderr == ""


RUNTIME_RULES = [pytest.param(code, id=code) for code in ("WS401", "WS402")]


@pytest.mark.parametrize("code", RUNTIME_RULES)
def test_a_run_time_rules_examples_are_served_and_probed(code, tmp_path):
    """The docs' examples are real apps: the bad one gets the code, the good one is live."""
    from wscheck.rules.runtime import runtime_rule

    rule = runtime_rule(code)
    for name, example in (("bad", rule.bad), ("good", rule.good)):
        folder = write_files(tmp_path / name, example.files)
        with serve(load_app(folder / "app.py", f"wscheck_example_{code}_{name}")) as port:
            _, document = probe_json(f"ws://127.0.0.1:{port}/ws/system-status")
        assert document["probes"][0]["code"] == (code if name == "bad" else None), (name, document["probes"][0])


@pytest.mark.parametrize("args, message", [
    ([], "give the WebSocket URLs to probe, or --base-url"),
    (["http://127.0.0.1:1/ws"], "a WebSocket URL starts with ws:// or wss://"),
    (["localhost:8000/ws"], "not a URL: 'localhost:8000/ws'"),
    (["ftp://h/socket.io/"], "a Socket.IO URL starts with http://"),
    (["ws://127.0.0.1:1/ws", "--namespace", "/x"], "--namespace is a Socket.IO namespace"),
    (["ws://127.0.0.1:1/ws", "--param", "a=1"], "--param fills the paths of the endpoints found with --base-url"),
    (["ws://127.0.0.1:1/ws", "--header", "no colon"], "--header 'no colon': give 'Name: value'"),
    (["ws://127.0.0.1:1/ws", "--send", "{nope"], "--send '{nope': not JSON"),
    (["--socketio", "http://127.0.0.1:1", "--send", '{"type": "x"}'], "for Socket.IO give [\"event\", args…]"),
    (["--base-url", "ftp://127.0.0.1:1", "."], "--base-url 'ftp://127.0.0.1:1': give the app's root"),
    (["--base-url", "http://127.0.0.1:1", "ws://127.0.0.1:1/ws"], "with --base-url the arguments are source paths"),
    (["--base-url", "http://127.0.0.1:1", "no/such/dir"], "path does not exist: no/such/dir"),
    (["--base-url", "http://127.0.0.1:1", "--namespace", "/x", "."], "--socketio and --namespace are for URLs"),
    (["--base-url", "http://127.0.0.1:1", "tests/fixtures/misc_probe_app", "--param", "oops"], "--param 'oops': give NAME=VALUE"),
    (["--wait", "-1", "ws://127.0.0.1:1/ws"], "Invalid value for '--wait'"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["probe", *args, "--no-progress"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("wscheck: error: ") and message in result.stderr, result.stderr


def test_a_scan_with_no_endpoint_or_nothing_probeable_is_an_error(project, monkeypatch):
    empty = project({"app/util.py": "def add(a, b):\n    return a + b\n"})
    result = CliRunner().invoke(main, ["probe", "--base-url", "http://127.0.0.1:1", str(empty)])
    assert result.exit_code == 2 and "no WebSocket endpoint found in" in result.stderr
    rooms = project({"app/ws.py": "from fastapi import FastAPI\napp = FastAPI()\n\n@app.websocket('/ws/rooms/{room}')\n"
                                  "async def room(websocket):\n    await websocket.accept()\n"})
    result = CliRunner().invoke(main, ["probe", "--base-url", "http://127.0.0.1:1", str(rooms)])
    assert result.exit_code == 2 and "none of the 1 endpoints found can be probed: /ws/rooms/{room} needs --param room=VALUE" in result.stderr


def test_a_missing_socketio_client_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "socketio", None)  # `import socketio` now fails
    result = CliRunner().invoke(main, ["probe", "--socketio", "http://127.0.0.1:1", "--no-progress"])
    assert result.exit_code == 2
    assert result.stderr == "wscheck: error: probing Socket.IO needs python-socketio's async client: pip install 'wscheck[runtime]'\n"


def test_message_types_follow_the_configured_keys():
    from wscheck.probe.connections import message_type

    keys = ("type", "event")
    assert [message_type(data, keys) for data in ('{"type": "a"}', '{"event": "b"}', '{"kind": "c"}', "[1]", "ping", b"\x00")] == [
        "a", "b", "json", "json", "text", "binary",
    ]
    assert message_type('{"kind": "c"}', ("kind",)) == "c"


def test_probe_help_names_its_flags():
    result = CliRunner().invoke(main, ["probe", "--help"])
    assert result.exit_code == 0
    for flag in ("--base-url", "--param", "--socketio", "--namespace", "--settle", "--wait", "--send", "--header", "--origin",
                 "--format", "--output", "--fail-on", "--no-progress"):
        assert flag in result.stdout, flag
    assert "probe" in CliRunner().invoke(main, ["--help"]).stdout


def test_rule_pages_for_the_run_time_codes():
    for code, name in (("WS401", "idle-at-run-time"), ("WS402", "socket-failed")):
        result = CliRunner().invoke(main, ["rule", code])
        assert result.exit_code == 0 and result.stdout.startswith(f"# {code} {name}\n") and "wscheck probe" in result.stdout


def test_check_imports_no_run_time_library():
    """`wscheck check` starts as fast as before: the probe's libraries load only when it runs."""
    code = (
        "import sys\nfrom wscheck.cli import main\n"
        "try:\n"
        f"    main(args=['check', {str(APP)!r}, '--no-cache', '--no-progress', '--quiet'])\n"
        "except SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('websockets', 'socketio', 'engineio', 'aiohttp')"
        " or m.startswith('wscheck.probe'))\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
