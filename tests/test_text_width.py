"""The report for people fits the terminal: at 80 columns (issue 10: the 112-column
checklist squashed, paths wrapped over 3-4 lines, headers cut to `Endpoi…`), and the
width of `COLUMNS` is honoured when the output is piped."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from conftest import ROOT
from wscheck.reporters.text import elide_left


def report_at(columns: str | None, example: str = "examples/postmortem") -> str:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = columns
    done = subprocess.run([sys.executable, "-m", "wscheck", example, "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    return done.stdout


def table_rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("│").split("│")] for line in text.splitlines() if line.startswith("│")]


def test_at_80_columns_no_line_is_longer_and_every_endpoint_is_one_readable_row():
    text = report_at("80")
    too_long = [line for line in text.splitlines() if cell_len(line) > 80]
    assert too_long == []
    rows = table_rows(text)
    assert len(rows) == 8  # one line per endpoint: no path folded over several lines
    names = [row[0] for row in rows]
    for endpoint in ("system-status", "webhook-status", "workflow-history", "planned-features", "adw-monitor", "queue"):
        assert any(name.endswith(endpoint) for name in names), (endpoint, names)
    assert "Phases: 1 endpoint, 2 broadcasting" in text  # the numbered headers are explained
    failed = {row[0]: row[-1] for row in rows}
    assert [v for k, v in failed.items() if k.endswith("system-status")] == ["WS101, WS202"]
    assert [v for k, v in failed.items() if k.endswith("/queue")] == ["WS202"]


def test_a_finding_wraps_under_its_clickable_location():
    lines = report_at("80").splitlines()
    first = next(i for i, line in enumerate(lines) if "websocket_routes.py:84:1: WS101" in line)
    assert lines[first].startswith("examples/postmortem/app/server/routes/websocket_routes.py:84:1: WS101")
    assert lines[first + 1].startswith("    ") and "system_status_update" in lines[first + 1]


def test_wide_enough_the_table_names_its_phases_and_says_what_failed():
    text = report_at("160")
    assert "┃ 1 Endpoint ┃ 2 Broadcast ┃" in text and "Failed by" in text
    assert "Phases:" not in text
    assert "│ /api/v1/ws/system-status    │" in text


def test_piped_without_columns_each_finding_stays_on_one_line():
    lines = report_at(None).splitlines()
    findings = [line for line in lines if ": WS" in line]
    assert len(findings) == 3 and all(line.startswith("examples/postmortem/") for line in findings)
    assert any(cell_len(line) > 160 for line in findings)  # the WS202 line: not cut, not wrapped


@pytest.mark.parametrize("path, width, shown", [
    ("/api/v1/ws/workflow-history", 27, "/api/v1/ws/workflow-history"),
    ("/api/v1/ws/workflow-history", 20, "…/workflow-history"),
    ("/api/v1/ws/system-status", 19, "…/ws/system-status"),
    ("/ws/a-really-long-single-segment-name", 12, "…egment-name"),
])
def test_paths_are_elided_from_the_left(path, width, shown):
    assert elide_left(path, width) == shown
    assert len(elide_left(path, width)) <= width
