"""`wscheck init`: a starter config with guessed directories, never clobbering config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from wscheck.cli import main
from wscheck.config import load_settings
from wscheck.starter import REPOSITORY, github_workflow, guess, installed_from, origin, pre_commit_snippet

TREE = {
    "app/server/main.py": "app = None\n",
    "app/server/routes/ws.py": "x = 1\n",
    "app/server/routes/http.py": "x = 1\n",
    "app/server/tests/test_ws.py": "def test(): pass\n",  # tests do not count
    "app/client/src/hooks/useWs.ts": "export {}\n",
    "app/client/src/App.tsx": "export {}\n",
    "app/client/src/main.tsx": "export {}\n",
    "app/client/src/api.ts": "export {}\n",
    "app/client/node_modules/lib/index.js": "x\n",  # never scanned, never counted
    "setup.py": "x = 1\n",
}
PYPROJECT = b'[project]\r\nname = "demo"  # keep me\r\n\r\n[tool.ruff]\r\nline-length = 100'  # CRLF, no final newline


@pytest.fixture
def runner():
    return CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.fixture
def tree(project, monkeypatch):
    folder = project(TREE)
    monkeypatch.chdir(folder)
    return folder


def test_guess_picks_the_directories_holding_most_files():
    assert guess(["app/server/a.py", "app/server/routes/b.py", "setup.py"]).dirs == ()  # 2 of 3 < 75%
    many = [f"app/server/m{i}.py" for i in range(9)] + ["setup.py"]
    assert guess(many).dirs == ("app/server",)
    assert guess(many).covered == 9 and guess(many).total == 10
    split = [f"backend/api/m{i}.py" for i in range(5)] + [f"worker/jobs/j{i}.py" for i in range(4)] + ["scripts/x.py"]
    assert guess(split).dirs == ("backend/api", "worker/jobs")
    assert guess([]).dirs == ()
    assert guess([f"{d}/x.py" for d in "abcdefgh"]).dirs == ()  # spread out: scan everything


def test_init_writes_wscheck_toml_when_there_is_no_pyproject(runner, tree):
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    text = (tree / "wscheck.toml").read_text()
    assert 'server = ["app/server"]' in text and 'client = ["app/client/src"]' in text
    assert "[tool.wscheck]" not in text  # top-level keys in wscheck.toml
    settings = load_settings(tree)
    assert settings.server == (str((tree / "app/server").resolve()),)
    assert settings.client == (str((tree / "app/client/src").resolve()),)
    assert "Wrote a starter wscheck config to wscheck.toml" in result.stdout
    assert "  server: app/server\n  client: app/client/src\n" in result.stdout
    # the snippets it prints are valid YAML that uses this repository's hook and action
    snippets = result.stdout.split("\n\n")
    pre_commit = yaml.safe_load(next(s for s in snippets if s.startswith("repos:")))
    assert pre_commit["repos"][0]["hooks"] == [{"id": "wscheck"}]
    workflow = yaml.safe_load(next(s for s in snippets if s.startswith("name: wscheck")))
    step = workflow["jobs"]["wscheck"]["steps"][-1]
    assert step["uses"].startswith("wscheck/wscheck@") and step["with"] == {"sarif": True}


def test_init_appends_to_pyproject_keeping_it_byte_identical(runner, tree):
    (tree / "pyproject.toml").write_bytes(PYPROJECT)
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    data = (tree / "pyproject.toml").read_bytes()
    assert data.startswith(PYPROJECT + b"\r\n\r\n[tool.wscheck]\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # its line endings kept
    assert not (tree / "wscheck.toml").exists()
    assert load_settings(tree).server == (str((tree / "app/server").resolve()),)


def test_init_never_overwrites_without_force(runner, tree):
    (tree / "pyproject.toml").write_bytes(PYPROJECT + b'\r\n\r\n[tool.wscheck]\r\nselect = ["WS1"]\r\n')
    before = (tree / "pyproject.toml").read_bytes()
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 2
    assert result.stderr == "wscheck: error: pyproject.toml already has a [tool.wscheck] section: use --force to replace it\n"
    assert (tree / "pyproject.toml").read_bytes() == before
    (tree / "wscheck.toml").write_text('select = ["WS2"]\n')
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 2
    assert result.stderr == "wscheck: error: wscheck.toml already exists: use --force to replace it\n"
    assert (tree / "wscheck.toml").read_text() == 'select = ["WS2"]\n'


def test_init_force_replaces_only_the_wscheck_tables(runner, tree):
    head = b'[project]\nname = "demo"\n\n'
    old = b'[tool.wscheck]\nselect = ["WS1"]\n\n[tool.wscheck.severity]\nWS303 = "info"\n\n'
    tail = b"[tool.ruff]\nline-length = 100\n"
    (tree / "pyproject.toml").write_bytes(head + old + tail)
    result = runner.invoke(main, ["init", "--force"])
    assert result.exit_code == 0, result.output
    data = (tree / "pyproject.toml").read_bytes()
    assert data.startswith(head + b"[tool.wscheck]\n") and data.endswith(b"\n\n" + tail)
    assert b"WS303" not in data and b'select = ["WS1"]' not in data
    assert load_settings(tree).select == ()


def test_init_force_refuses_config_it_cannot_replace_cleanly(runner, tree):
    content = b'[tool]\nwscheck = { select = ["WS1"] }\n'
    (tree / "pyproject.toml").write_bytes(content)
    result = runner.invoke(main, ["init", "--force"])
    assert result.exit_code == 2
    assert "edit it by hand" in result.stderr
    assert (tree / "pyproject.toml").read_bytes() == content


def test_init_in_another_directory_on_the_postmortem(runner, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples" / "postmortem", tmp_path / "pm")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", "pm"])
    assert result.exit_code == 0, result.output
    assert 'server = ["app/server"]' in (tmp_path / "pm" / "wscheck.toml").read_text()
    monkeypatch.chdir(tmp_path / "pm")
    assert runner.invoke(main, []).exit_code == 1  # the incident is still caught with the guessed config
    assert runner.invoke(main, ["init", "missing"]).exit_code == 2


# The pre-commit snippet `init` prints: a `rev:` that resolves (the project has no tags, so
# `v0.1.0` failed with "pathspec 'v0.1.0' did not match"), and instructions that work.

VCS_INSTALL = '{"url": "https://github.com/wscheck/wscheck", "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"}}'


def test_origin_is_known_only_for_a_git_install():
    assert origin(VCS_INSTALL) == ("https://github.com/wscheck/wscheck", "0123abc")
    assert origin('{"url": "file:///home/me/wscheck", "dir_info": {"editable": true}}') is None  # a clone
    assert origin('{"url": "file:///tmp/wscheck-0.1.0-py3-none-any.whl", "archive_info": {}}') is None  # a wheel
    assert origin('{"url": "https://hg.example/wscheck", "vcs_info": {"vcs": "hg", "commit_id": "1"}}') is None
    for nothing in (None, "", "not json", "[]", '{"vcs_info": {"vcs": "git"}}'):
        assert origin(nothing) is None


def test_installed_from_reads_pips_record(monkeypatch):
    import importlib.metadata

    class Installed:
        def read_text(self, name):
            return VCS_INSTALL if name == "direct_url.json" else None

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    assert installed_from() == ("https://github.com/wscheck/wscheck", "0123abc")

    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert installed_from() is None


def test_snippets_pin_the_installed_commit_when_pip_knows_it():
    snippet = yaml.safe_load(pre_commit_snippet(("ssh://git@github.com/me/wscheck.git", "0123abc")))
    assert snippet["repos"] == [{"repo": "ssh://git@github.com/me/wscheck.git", "rev": "0123abc", "hooks": [{"id": "wscheck"}]}]
    steps = yaml.safe_load(github_workflow(("https://github.com/me/wscheck.git", "0123abc")))["jobs"]["wscheck"]["steps"]
    assert steps[-1]["uses"] == "me/wscheck@0123abc"
    steps = yaml.safe_load(github_workflow(("https://gitlab.example/me/wscheck", "0123abc")))["jobs"]["wscheck"]["steps"]
    assert steps[-1]["uses"] == "wscheck/wscheck@main"  # an action lives on GitHub


def test_init_prints_the_snippet_for_this_install(runner, tree):
    result = runner.invoke(main, ["init"])
    printed = next(s for s in result.stdout.split("\n\n") if s.startswith("repos:")) + "\n"
    assert printed == pre_commit_snippet(installed_from())
    assert "v0.1.0" not in result.stdout  # no such tag


def test_pre_commit_autoupdate_turns_the_placeholder_into_a_working_rev(tmp_path):
    """What the snippet's comment tells the user to run, run for real against a local copy of
    the hook's repository (autoupdate reads the manifest only: no environment, no network)."""
    pytest.importorskip("pre_commit")
    from test_precommit import commit_all, git

    hooks = tmp_path / "wscheck-repo"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks)
    git("init", "-q", cwd=hooks)
    sha = commit_all(hooks, "the hook")
    project = tmp_path / "app"
    project.mkdir()
    git("init", "-q", cwd=project)
    config = project / ".pre-commit-config.yaml"
    config.write_text(pre_commit_snippet(None).replace(REPOSITORY, str(hooks)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "home")

    def pre_commit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=120)

    assert pre_commit("validate-config", str(config)).returncode == 0
    for expected in (sha, "v0.2.0"):  # the newest commit while there is no tag, then the newest tag
        if expected != sha:
            git("tag", expected, cwd=hooks)
        update = pre_commit("autoupdate")
        assert update.returncode == 0, update.stdout + update.stderr
        (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
        assert repo["rev"] == expected and repo["hooks"] == [{"id": "wscheck"}]
    assert "`pre-commit autoupdate` writes the newest" in config.read_text(encoding="utf-8")  # the comment stays true
