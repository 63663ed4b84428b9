"""`--new-since REF`: only the findings a change introduces, the cross-file case included."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from wscheck.cli import main

GIT = ["git", "-c", "user.name=wscheck tests", "-c", "user.email=tests@wscheck.invalid", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]

ROUTES = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n\n"
    "@router.websocket('/ws/status')\n"
    "async def status(websocket):\n"
    "    await websocket.send_json({'type': 'status_update'})\n"
)
ORDERS_ROUTE = (
    "\n@router.websocket('/ws/orders')\n"
    "async def orders(websocket):\n"
    "    await websocket.send_json({'type': 'orders_update'})\n"
)
TASKS = (
    "from app.manager import manager\nfrom app.events import bus\n\n"
    "async def push_status():\n"
    "    await manager.broadcast({'type': 'status_update'})\n\n\n"
    "@bus.on('status-changed')\n"
    "async def on_status_change():\n"
    "    await push_status()\n"
)
TASKS_WITHOUT_BROADCAST = "async def push_status():\n    pass  # the broadcast went away in a refactoring\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.fixture
def runner():
    return CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """repo(files) -> a git repository holding `files` in one commit, as the cwd."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "repo"
        root.mkdir()
        git(root, "init", "-q")
        write(root, files)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        monkeypatch.chdir(root)
        return root

    return make


def findings(output: str) -> list[str]:
    return [line.split(" ")[0] + " " + line.split(" ")[1] for line in output.splitlines() if ": WS" in line]


def test_only_new_findings_are_reported(runner, repo):
    root = repo({"app/routes.py": ROUTES})
    write(root, {"app/routes.py": "# moved down by a comment\n" + ROUTES + ORDERS_ROUTE})
    result = runner.invoke(main, ["--new-since", "HEAD", "--select", "WS101"])
    assert result.exit_code == 1, result.output
    assert findings(result.stdout) == ["app/routes.py:10:1: WS101"]  # /ws/orders, not /ws/status
    assert "1 finding was already there at HEAD (not shown)." in result.stdout
    everything = runner.invoke(main, ["--select", "WS101"])
    assert len(findings(everything.stdout)) == 2


def test_nothing_new_passes(runner, repo):
    repo({"app/routes.py": ROUTES, "wscheck.toml": 'server = ["app"]\nselect = ["WS101"]\n'})
    result = runner.invoke(main, ["--new-since", "HEAD"])
    assert result.exit_code == 0, result.output
    assert findings(result.stdout) == []
    assert "1 finding was already there at HEAD (not shown)." in result.stdout


def test_the_cross_file_case(runner, repo):
    """A broadcast removed in tasks.py breaks the endpoint in routes.py, a file the change
    never touched: filtering by changed lines would miss it, fingerprints do not."""
    root = repo({"app/routes.py": ROUTES, "app/tasks.py": TASKS, "app/manager.py": "manager = object()\n"})
    assert runner.invoke(main, ["--select", "WS101"]).exit_code == 0
    write(root, {"app/tasks.py": TASKS_WITHOUT_BROADCAST})
    git(root, "commit", "-q", "-am", "refactor the tasks")
    result = runner.invoke(main, ["--new-since", "HEAD~1", "--select", "WS101"])
    assert result.exit_code == 1
    assert findings(result.stdout) == ["app/routes.py:5:1: WS101"]
    assert "0 findings were already there at HEAD~1 (not shown)." in result.stdout


def test_the_working_tree_is_left_alone(runner, repo):
    root = repo({"app/routes.py": ROUTES})
    write(root, {"app/routes.py": ROUTES + ORDERS_ROUTE, "app/new.py": "x = 1\n"})
    git(root, "add", "app/new.py")
    before = (git(root, "status", "--porcelain"), git(root, "stash", "list"), (root / "app/routes.py").read_bytes())
    result = runner.invoke(main, ["--new-since", "HEAD", "--select", "WS101"])
    assert result.exit_code == 1
    assert (git(root, "status", "--porcelain"), git(root, "stash", "list"), (root / "app/routes.py").read_bytes()) == before
    assert git(root, "worktree", "list").count("\n") == 1


def test_from_a_subdirectory_with_config_directories(runner, repo, monkeypatch):
    root = repo({
        "backend/pyproject.toml": '[tool.wscheck]\nserver = ["app"]\nselect = ["WS101"]\n',
        "backend/app/routes.py": ROUTES,
        "backend/tools/old.py": "x = 1\n",
    })
    write(root, {"backend/app/routes.py": ROUTES + ORDERS_ROUTE})
    monkeypatch.chdir(root / "backend")
    result = runner.invoke(main, ["--new-since", "HEAD"])
    assert findings(result.stdout) == ["app/routes.py:9:1: WS101"]
    monkeypatch.chdir(root)
    result = runner.invoke(main, ["backend", "--new-since", "HEAD"])
    assert findings(result.stdout) == ["backend/app/routes.py:9:1: WS101"]
    assert "1 finding was already there at HEAD" in result.stdout


def test_with_json_on_stdout_the_note_goes_to_stderr(runner, repo):
    root = repo({"app/routes.py": ROUTES})
    write(root, {"app/routes.py": ROUTES + ORDERS_ROUTE})
    result = runner.invoke(main, ["--new-since", "HEAD", "--select", "WS101", "--format", "json"])
    assert "1 finding was already there at HEAD" in result.stderr
    assert [f["endpoint"] for f in json.loads(result.stdout)["findings"]] == ["/ws/orders"]


def test_not_a_git_repository(runner, project, monkeypatch):
    monkeypatch.chdir(project({"app/routes.py": ROUTES}))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(Path.cwd().parent))
    result = runner.invoke(main, ["--new-since", "HEAD"])
    assert result.exit_code == 2
    assert result.stderr == "wscheck: error: --new-since: not a git repository: .\n"


@pytest.mark.parametrize("ref", ["no-such-branch", "--help", "HEAD~5"])
def test_unknown_revision(runner, repo, ref):
    repo({"app/routes.py": ROUTES})
    result = runner.invoke(main, ["--new-since", ref])
    assert result.exit_code == 2
    assert result.stderr == f"wscheck: error: --new-since: unknown git revision '{ref}'\n"


def test_write_baseline_and_new_since_do_not_combine(runner, repo):
    repo({"app/routes.py": ROUTES})
    result = runner.invoke(main, ["--new-since", "HEAD", "--write-baseline", "b.json"])
    assert result.exit_code == 2
    assert "cannot be combined with --new-since" in result.stderr
