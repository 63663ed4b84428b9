"""What a scan costs and says about it: no parsing without WebSocket code, `--verbose`'s
account of the time, `--jobs` and the cache from the command line, Ctrl-C."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from conftest import ROOT, run_scan
from wscheck.cli import main

ORDINARY = {
    "app/events.py": (
        "import logging\n\nclass Bus:\n    def __init__(self):\n        self.handlers = []\n\n"
        "    def publish(self, topic, payload):\n        for handler in self.handlers:\n            handler(topic, payload)\n\n"
        "    def emit(self, record):\n        logging.getLogger(__name__).info('%s', record)\n"
    ),
    "app/jobs.py": "from app.events import Bus\n\nbus = Bus()\n\ndef run(job):\n    bus.publish('jobs', job)\n    bus.emit({'type': 'job_done'})\n",
    "app/numbers.py": "import numpy as np\n\ndef spread(a, b):\n    return np.broadcast_to(a, b)\n",
    "web/src/api.ts": "export const load = () => fetch('/api/jobs').then((r) => r.json());\n",
}


def test_a_project_without_websocket_code_parses_no_file(project):
    report = run_scan(project(ORDINARY))
    assert report.stats.files_parsed == 0
    assert report.project.files_scanned == 4 and not report.findings


def test_verbose_says_where_the_time_went(project, monkeypatch):
    monkeypatch.chdir(project({**ORDINARY, "app/ws.py": (
        "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.websocket('/ws/jobs')\n"
        "async def jobs(websocket):\n    await websocket.send_json({'type': 'job_update'})\n"
    )}))
    result = CliRunner().invoke(main, ["--verbose", "--quiet", "--no-cache"])
    account = result.stderr.splitlines()
    assert account[0] == "wscheck: where the time went"
    assert [line.split()[0] for line in account[1:]] == ["walk", "read", "prefilter", "parse", "model", "rules", "report", "total"]
    assert account[4].endswith(" files parsed, 0 from the cache)") and account[4].split()[0] == "parse"


def test_jobs_and_cache_from_the_command_line(project, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    cache = tmp_path / "cache"
    monkeypatch.setenv("WSCHECK_CACHE_DIR", str(cache))
    args = ["examples/postmortem", "--format", "json"]
    cold = json.loads(CliRunner().invoke(main, [*args, "--jobs", "2"]).output)["summary"]
    parsed = cold["files_parsed"]
    assert 0 < parsed < cold["files_scanned"] and (cache / ".gitignore").is_file()
    warm = json.loads(CliRunner().invoke(main, args).output)["summary"]
    assert (warm["files_parsed"], warm["files_cached"]) == (0, parsed)
    uncached = json.loads(CliRunner().invoke(main, [*args, "--no-cache"]).output)["summary"]
    assert (uncached["files_parsed"], uncached["files_cached"]) == (parsed, 0)
    bad = CliRunner().invoke(main, [*args, "--jobs", "0"])
    assert bad.exit_code == 2 and "--jobs" in bad.stderr


def test_cache_dir_in_the_config_is_relative_to_it(project, monkeypatch):
    folder = project({**ORDINARY, "wscheck.toml": 'cache-dir = "build/wscheck-cache"\n', "app/ws.py": (
        "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.websocket('/ws/jobs')\n"
        "async def jobs(websocket):\n    await websocket.send_json({'type': 'job_update'})\n"
    )})
    monkeypatch.delenv("WSCHECK_CACHE_DIR")
    monkeypatch.chdir(folder / "app")
    CliRunner().invoke(main, [".."])
    assert (folder / "build" / "wscheck-cache" / ".gitignore").is_file()


def test_ctrl_c_exits_130_with_one_line(project):
    folder = project(ORDINARY)
    code = (
        "import sys\nimport wscheck.model.project as project\n"
        "def interrupted(*a, **k):\n    raise KeyboardInterrupt\n"
        "project.build_project = interrupted\nfrom wscheck.cli import main\nmain(['--no-progress'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 130
    assert done.stderr == "wscheck: interrupted\n"
