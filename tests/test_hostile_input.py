"""Hostile input costs one file and a WS001, never the run, and never much time: huge
files, minified bundles, nesting that crashes libcst, chains that make it crawl."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_scan
from wscheck.engine import RunOptions

ENDPOINT = (
    "from fastapi import APIRouter\nrouter = APIRouter()\n\n"
    "@router.websocket('/ws/status')\nasync def status(websocket):\n"
    "    await websocket.send_json({'type': 'status_update'})\n"
)


def ws001(report) -> dict[str, str]:
    return {f.location.file: f.message for f in report.findings if f.code == "WS001"}


def test_a_file_over_max_file_size_is_skipped_naming_the_setting(project):
    folder = project({
        "app/routes.py": ENDPOINT,
        "app/generated.py": "async def broadcast_all(m):\n    await m.broadcast({'type': 'status_update'})\n" + "# pad\n" * 200_000,
    })
    report = run_scan(folder, select=("WS001", "WS101"))
    assert "max-file-size" in ws001(report)["app/generated.py"]
    assert "1.2 MB is over the 1.0 MB limit" in ws001(report)["app/generated.py"]
    # the broadcast in the skipped file is not seen: the endpoint is reported as the code reads
    assert [f.code for f in report.findings if f.location.file == "app/routes.py"] == ["WS101"]
    bigger_limit = run_scan(folder, select=("WS001", "WS101"), max_file_size=2_000_000)
    assert not ws001(bigger_limit)  # read this time: its (never started) broadcast is named
    assert "app/generated.py:2" in [f.message for f in bigger_limit.findings if f.code == "WS101"][0]


def test_a_minified_bundle_is_skipped(project):
    bundle = "var a=new WebSocket('/ws/x');" + ";".join(f"function f{i}(){{return {i}}}" for i in range(60_000))
    folder = project({"web/dist-like/app.min.js": bundle, "web/dist-like/main.js": bundle, "app/routes.py": ENDPOINT})
    report = run_scan(folder, select=("WS001",))
    # build output is never parsed: left out by its name, or by its minified lines, and counted
    assert not ws001(report)
    assert [(s.path, s.why.split(":")[0]) for s in report.stats.skipped] == [
        ("web/dist-like/app.min.js", "minified or bundled file name"), ("web/dist-like/main.js", "minified"),
    ]
    included = run_scan(folder, select=("WS001",), include=("web/dist-like/",))
    assert "max-file-size" in ws001(included)["web/dist-like/app.min.js"]  # read when asked: the size cap holds


def _scan_in_a_child(folder) -> subprocess.CompletedProcess:
    """Through the CLI in a fresh interpreter: a crash of the parser would kill it (exit 139)."""
    return subprocess.run(
        [sys.executable, "-m", "wscheck", "check", ".", "--format", "json", "--no-progress", "--select", "WS001,WS101"],
        cwd=folder, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_nesting_that_crashes_libcst_is_a_ws001(project):
    folder = project({
        "app/routes.py": ENDPOINT,
        "app/parens.py": "async def tick(m):\n    await m.broadcast(" + "(" * 2000 + "1" + ")" * 2000 + ")\n",
        "app/brackets_new_syntax.py": "type X = int\nasync def tick(m):\n    await m.broadcast(" + "[" * 1500 + "]" * 1500 + ")\n",
    })
    done = _scan_in_a_child(folder)
    assert done.returncode == 1, done.stderr
    assert '"file": "app/parens.py"' in done.stdout and "too deeply nested" in done.stdout
    assert '"file": "app/brackets_new_syntax.py"' in done.stdout


@pytest.mark.parametrize("terms, joiner", [(5_000, "+"), (10_000, "+"), (10_000, " + ")])
def test_a_long_operator_chain_is_refused_before_the_expensive_parse(project, terms, joiner):
    """Issue 10: a 10 kB `1+1+…` chain of 5,000 terms took 38 s to end as WS001, 10,000 ran past 120 s."""
    chain = joiner.join(["1"] * terms)
    folder = project({"app/routes.py": ENDPOINT, "app/chain.py": f"async def tick(m):\n    await m.broadcast({chain})\n"})
    started = time.perf_counter()
    report = run_scan(folder, select=("WS001", "WS101"))
    assert time.perf_counter() - started < 10  # well under a second on a free core; the parse took 38 s
    assert "too deeply nested" in ws001(report)["app/chain.py"]
    assert [f.code for f in report.findings if f.location.file == "app/routes.py"] == ["WS101"]


def test_expression_depth_is_measured_across_lines_and_not_fooled_by_long_flat_lines():
    from wscheck.extract.server.guards import MAX_DEPTH, first_pass

    deep_over_lines = "x = (\n" + "1 +\n" * (MAX_DEPTH + 50) + "1)\n"
    tree, refused = first_pass(deep_over_lines)
    assert tree is None and "levels deep at line" in refused
    flat = "x = [" + ", ".join(["1"] * 2000) + "]\n"  # 6,000 characters on one line, two levels deep
    tree, refused = first_pass(flat)
    assert tree is not None and refused is None
    deep_on_one_line = "x = " + "-" * (MAX_DEPTH + 5) + "1\n"
    assert "too deeply nested" in first_pass(deep_on_one_line)[1]


def _routes(size: int) -> str:
    """A generated server module of about `size` characters of socket routes: one whose
    stdlib parse alone takes seconds and hundreds of megabytes."""
    route = (
        "@router.websocket('/ws/feed{n}')\nasync def feed{n}(websocket: WebSocket):\n    await websocket.accept()\n"
        "    await websocket.send_json({{'type': 'feed{n}_update', 'items': [1, 2, 3], 'page': {n}}})\n\n\n"
    )
    head = "from fastapi import APIRouter, WebSocket\nrouter = APIRouter()\n\n\n"
    return head + "".join(route.format(n=n) for n in range(size // len(route.format(n=10_000))))


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_huge_file_with_no_size_cap_is_abandoned_within_its_budget(project, jobs):
    """Issue 22: with `max-file-size = 0`, a 52 MB module ran past 60 s against a 10 s budget
    (no timer interrupts `ast.parse`), using 6.5 GB. Here an 8 MB one against half a second:
    `ast` alone takes seconds on it; the worker it is sent to is stopped at the deadline."""
    folder = project({"app/routes.py": ENDPOINT, "app/generated.py": _routes(8_000_000)})
    report = run_scan(folder, RunOptions(jobs=jobs), select=("WS001",), max_file_size=0, parse_timeout=0.5)
    assert ws001(report) == {"app/generated.py": "could not parse app/generated.py: abandoned after 0.5 s (the per-file time budget, setting `parse-timeout`)"}
    assert dict(report.stats.stages)["parse"] < 0.5 + 2  # the budget, and a worker's start


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is Linux's address-space limit")
def test_a_file_that_needs_more_memory_than_a_worker_may_use_is_one_ws001(project, monkeypatch):
    from wscheck.executor import memory

    monkeypatch.setattr(memory, "allowance", lambda jobs: 256 << 20)  # a small machine's share
    folder = project({"app/routes.py": ENDPOINT, "app/generated.py": _routes(3_000_000)})  # `ast` needs ~450 MB
    report = run_scan(folder, RunOptions(jobs=1), select=("WS001", "WS101"), max_file_size=0, parse_timeout=60)
    assert ws001(report)["app/generated.py"].startswith("could not parse app/generated.py: ran out of memory: a parse worker may allocate")
    assert [f.code for f in report.findings if f.location.file == "app/routes.py"] == ["WS101"]  # the rest of the scan goes on
