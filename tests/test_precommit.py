"""The pre-commit hook for real: `pre-commit run` in a temporary git repository whose
`.pre-commit-config.yaml` points at a commit of this checkout.

Slow (pre-commit builds the hook's virtualenv, installing wscheck and its dependencies
from the package index, once for both runs); still part of `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

GIT = ["git", "-c", "user.name=wscheck tests", "-c", "user.email=tests@wscheck.invalid", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"]
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", "build", "dist")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_all(folder: Path, message: str) -> str:
    git("add", "-A", cwd=folder)
    git("commit", "-q", "--allow-empty", "-m", message, cwd=folder)
    return git("rev-parse", "HEAD", cwd=folder).strip()


def copy_checkout(dest: Path) -> None:
    """This checkout as it is now, uncommitted work included (pre-commit installs hooks from
    a commit, so the copy is committed in a repository of its own)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True)
    if listed.returncode != 0:  # not a git checkout (an unpacked sdist, say)
        shutil.copytree(ROOT, dest, ignore=NOT_COPIED)
        return
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    repo = tmp_path_factory.mktemp("wscheck-hook-repo")
    copy_checkout(repo)
    git("init", "-q", cwd=repo)
    return repo, commit_all(repo, "wscheck as it is being tested")


def replace_tree(project: Path, example: str) -> None:
    for child in project.iterdir():
        if child.name not in (".git", ".pre-commit-config.yaml"):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(ROOT / "examples" / example, project, dirs_exist_ok=True)


def pre_commit_run(project: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(home)  # one hook environment, built once for both runs
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)


def test_hook_fails_on_the_postmortem_and_passes_on_the_fix(hook_repo, tmp_path):
    repo, sha = hook_repo
    project = tmp_path / "app-repo"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {sha}\n    hooks:\n      - id: wscheck\n", encoding="utf-8"
    )
    home = tmp_path / "pre-commit-home"

    replace_tree(project, "postmortem")
    commit_all(project, "the incident")
    broken = pre_commit_run(project, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "wscheck" in broken.stdout and "Failed" in broken.stdout
    assert "app/server/routes/websocket_routes.py:" in broken.stdout
    assert "WS101 endpoint /api/v1/ws/system-status sends 'system_status_update'" in broken.stdout

    replace_tree(project, "postmortem-fixed")
    commit_all(project, "the fix")
    fixed = pre_commit_run(project, home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout and "WS101" not in fixed.stdout
