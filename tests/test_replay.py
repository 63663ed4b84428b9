"""Replay: a run identical to the last one, over inputs that have not changed, prints what
that run printed (as a run reusing every fact would) without running; any change to what
the scan looked at, or to the command line or environment, runs the scan again."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT
from wscheck.cache import replay
from wscheck.cli import Invocation, main

EXAMPLE = ROOT / "examples" / "postmortem"
ARGS = ["check", "app", "--format", "json", "--no-progress"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE, tmp_path / "app")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WSCHECK_CACHE_DIR", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def _run(args, recorded: bool = True):
    invocation = Invocation(tuple(args), os.getcwd()) if recorded else None
    return CliRunner().invoke(main, args, obj=invocation)


def _replay(args=ARGS):
    out, err = io.StringIO(), io.StringIO()
    status = replay.replayed(list(args), os.getcwd(), dict(os.environ), out, err)
    return status, out.getvalue(), err.getvalue()


def test_an_identical_run_replays_what_a_run_reusing_every_fact_prints(project):
    cold = _run(ARGS)
    assert cold.exit_code == 1 and json.loads(cold.stdout)["summary"]["files_parsed"] > 10
    status, out, err = _replay()
    reusing = _run(ARGS, recorded=False)  # the report cache: nothing parsed, every fact reused
    assert status == reusing.exit_code == 1
    assert out == reusing.stdout and err == reusing.stderr
    summary = json.loads(out)["summary"]
    assert summary["files_parsed"] == 0 and summary["files_cached"] == json.loads(cold.stdout)["summary"]["files_parsed"]


def test_the_first_run_in_a_project_whose_cache_lies_inside_it_replays(project):
    os.chdir(project / "app")  # the cache directory, made by this run, is inside the walked root
    args = ["check", ".", "--format", "json", "--no-progress"]
    first = _run(args)
    status, out, _ = _replay(args)
    assert status == first.exit_code == 1 and json.loads(out)["summary"]["files_parsed"] == 0


def test_text_output_replays_too(project):
    args = ["check", "app", "--no-progress", "--exit-zero"]
    first = _run(args)
    status, out, err = _replay(args)
    assert status == first.exit_code == 0
    assert out == first.stdout and "WS101" in out


def test_notes_on_stderr_replay_and_an_edited_baseline_runs_it_again(project):
    assert _run(["check", "app", "--write-baseline", "baseline.json"]).exit_code == 0
    args = [*ARGS, "--baseline", "baseline.json"]
    first = _run(args)
    assert "baseline" in first.stderr  # JSON on stdout: the note on what the baseline left out goes to stderr
    assert _replay(args) == (first.exit_code, first.stdout, first.stderr)
    with open(project / "baseline.json", "a") as handle:
        handle.write("\n")
    assert _replay(args) == (None, "", "")


def _edit_source(root):
    with open(root / "app/app/server/routes/websocket_routes.py", "a") as handle:
        handle.write("\n# edited\n")


def _add_source(root):
    (root / "app/app/server/routes/extra.py").write_text("X = 1\n")


def _add_gitignore(root):
    (root / "app/.gitignore").write_text("client/\n")


def _edit_gitignore(root):
    with open(root / "app/app/.gitignore", "a") as handle:
        handle.write("nothing-here/\n")


def _add_config(root):
    (root / "wscheck.toml").write_text('ignore = ["WS202"]\n')


@pytest.mark.parametrize("change", [_edit_source, _add_source, _add_gitignore, _add_config], ids=lambda f: f.__name__[1:])
def test_a_change_to_what_the_scan_looked_at_runs_it_again(project, change):
    _run(ARGS)
    change(project)
    assert _replay() == (None, "", "")


def test_an_edited_gitignore_runs_it_again(project):
    (project / "app/app/.gitignore").write_text("*.log\n")
    _run(ARGS)
    assert _replay()[0] == 1
    _edit_gitignore(project)
    assert _replay() == (None, "", "")


def test_other_arguments_or_environment_run_it_again(project, monkeypatch):
    _run(ARGS)
    assert _replay(ARGS + ["--exit-zero"])[0] is None
    monkeypatch.setenv("COLUMNS", "90")
    assert _replay()[0] is None
    monkeypatch.delenv("COLUMNS")
    assert _replay()[0] == 1


def test_a_corrupt_or_foreign_record_is_ignored(project):
    _run(ARGS)
    [record] = (project / ".wscheck_cache" / "replay").iterdir()
    for junk in (b"", b"wscheck-replay 1\n\x00garbage", b"not ours"):
        record.write_bytes(junk)
        assert _replay() == (None, "", "")
    assert _run(ARGS).exit_code == 1  # the run writes a good record again
    assert _replay()[0] == 1


@pytest.mark.parametrize("extra", [["--no-cache"], ["--verbose"], ["--output", "report.json"], ["--output-format", "sarif=r.sarif"]])
def test_runs_with_more_output_than_two_streams_are_not_recorded(project, extra):
    _run(ARGS + extra)
    assert not (project / ".wscheck_cache" / "replay").exists()
    assert _replay(ARGS + extra)[0] is None


def test_the_cache_directory_is_named_once():
    """The scan writes where a replay looks: both ask `wscheck.cache.directory`."""
    from wscheck.cache import DEFAULT_DIR

    quoted = (f'"{DEFAULT_DIR}"', f"'{DEFAULT_DIR}'")
    named = [p for p in (ROOT / "wscheck").rglob("*.py") if any(q in p.read_text(encoding="utf-8") for q in quoted)]
    assert [p.relative_to(ROOT).as_posix() for p in named] == ["wscheck/cache/__init__.py"]


def test_a_replay_says_what_was_skipped_as_a_run_reusing_every_fact_does(project):
    (project / "app" / "vendor" / "lib").mkdir(parents=True)
    (project / "app" / "vendor" / "lib" / "x.py").write_text("import asyncio\n")
    _run(ARGS)
    status, out, err = _replay()
    reusing = _run(ARGS, recorded=False)
    assert (status, out, err) == (reusing.exit_code, reusing.stdout, reusing.stderr)
    assert json.loads(out)["summary"]["skipped_vendored"] == {"directories": 1, "files": 0}


def test_a_run_not_started_by_the_command_is_not_recorded(project):
    _run(ARGS, recorded=False)
    assert not (project / ".wscheck_cache" / "replay").exists()


def test_the_command_replays_without_loading_click_or_a_parser(project):
    probe = (
        "import os, sys\n"
        "from wscheck.entry import main\n"
        "def loaded():\n    sys.stderr.write(' '.join(m for m in ('click', 'libcst', 'tree_sitter') if m in sys.modules))\n"
        "def leave(code, exit=os._exit):\n    loaded(); sys.stderr.flush(); exit(code)\n"
        "os._exit = leave  # a full run leaves by os._exit (wscheck.entry._leave)\n"
        "sys.argv = ['wscheck', *sys.argv[1:]]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    loaded()\n    raise\n"
    )

    def command():
        return subprocess.run([sys.executable, "-c", probe, *ARGS], capture_output=True, text=True, cwd=project)

    first, second = command(), command()
    assert first.returncode == second.returncode == 1
    assert "click" in first.stderr and ("libcst" in first.stderr or "tree_sitter" in first.stderr)  # a parser here, or only in a worker
    assert second.stderr == ""  # nothing loaded, nothing printed on stderr
    summary = json.loads(second.stdout)["summary"]
    assert summary["files_parsed"] == 0 and summary["files_cached"] == json.loads(first.stdout)["summary"]["files_parsed"]


def test_one_fingerprint_of_wschecks_own_code_guards_both_the_report_and_the_replay(project, monkeypatch):
    from wscheck.cache import manifest

    own = project / "own_code.py"
    own.write_text("VERSION = 1\n")
    monkeypatch.setattr(manifest, "own_code", lambda: [str(own)])
    manifest.code_fingerprint.cache_clear()
    _run(ARGS)
    assert _replay()[0] == 1 and "reuse" in _run([*ARGS, "--verbose"], recorded=False).stderr
    own.write_text("VERSION = 22\n")  # another wscheck
    manifest.code_fingerprint.cache_clear()
    assert _replay() == (None, "", "")
    assert "reuse" not in _run([*ARGS, "--verbose"], recorded=False).stderr
    manifest.code_fingerprint.cache_clear()
