"""What a newcomer reads (a trial run of issues 9-11): warnings that reach every format,
a coverage metric that does not blame ingest-only sockets, and unresolved values on one line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT, run_scan
from wscheck.cli import main


def test_the_separate_apps_warning_reaches_json_github_and_quiet_runs(monkeypatch):
    """The text report prints it; a CI reading JSON or annotations must not lose it."""
    monkeypatch.chdir(ROOT)
    for args in (["--format", "json"], ["--format", "github"], ["--quiet"]):
        result = CliRunner().invoke(main, ["check", "examples", "--no-cache", "--no-progress", *args])
        assert result.exit_code in (0, 1), result.output
        warnings = [line for line in result.stderr.splitlines() if line.startswith("wscheck: warning: this scan holds ")]
        assert len(warnings) == 1, (args, result.stderr)
        assert "`wscheck examples/postmortem`" in warnings[0]
        if args[-1] == "json":
            json.loads(result.stdout)  # stdout stays a document
    text = CliRunner().invoke(main, ["check", "examples", "--no-cache", "--no-progress"])
    assert "separate apps" not in text.stderr and "warning: this scan holds " in text.stdout
    alone = CliRunner().invoke(main, ["check", "examples/postmortem", "--no-cache", "--no-progress", "--format", "json"])
    assert alone.stderr == ""


def test_the_coverage_metric_says_how_many_endpoints_need_no_broadcast(monkeypatch):
    """Ingest-only sockets (phase 2 n/a) would otherwise read as a poorly covered app."""
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "server_ingest_only_ok")
    text = CliRunner().invoke(main, ["check", ".", "--no-cache", "--no-progress"]).stdout
    assert "Broadcasting coverage:  1/3 endpoints (33%; 2 need none: phase 2 n/a)" in text
    monkeypatch.chdir(ROOT / "examples" / "postmortem")
    text = CliRunner().invoke(main, ["check", ".", "--no-cache", "--no-progress"]).stdout
    assert "Broadcasting coverage:  6/8 endpoints (75%)\n" in text


def test_an_unresolved_multi_line_value_reads_on_one_line(project):
    routes = '''
import asyncio

from fastapi import APIRouter, WebSocket

router = APIRouter()


@router.websocket("/ws/jobs")
async def jobs(websocket: WebSocket):
    await websocket.accept()
    queue = asyncio.Queue()
    await websocket.send_json(
        await asyncio.wait_for(
            queue.get(),
            timeout=1,
        )
    )
'''
    report = run_scan(project({"app/routes.py": routes}), select=("WS002",))
    [finding] = report.findings
    assert "`await asyncio.wait_for( queue.get(), timeou…` is not a constant" in finding.message
    assert "  " not in finding.message


def test_ws102_names_the_subscription_in_the_stack_s_own_words():
    """A Channels group and a Socket.IO room are not called pub/sub channels."""
    fixtures = ROOT / "tests" / "fixtures"
    groups = run_scan(fixtures / "server_channels_consumers", select=("WS102",)).findings
    assert groups and all(" subscribes to group 'user_*', but no group_send reaches it (groups sent to: " in f.message for f in groups)
    [room] = run_scan(fixtures / "server_socketio_events", select=("WS102",)).findings
    assert " subscribes to room 'alerts', but no emit reaches it (rooms emitted to: " in room.message
    channels = run_scan(fixtures / "server_pubsub_channels", select=("WS102",)).findings
    assert len(channels) == 2
    assert all(" subscribes to channel '" in f.message and "', but nothing publishes to it (published to: " in f.message for f in channels)
