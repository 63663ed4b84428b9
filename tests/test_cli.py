"""The command line as a user meets it: bare `wscheck`, exit codes, one-line errors."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from wscheck.cli import main

BROKEN_ENDPOINT = {
    "app/routes.py": (
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n\n"
        "@router.websocket('/ws/status')\n"
        "async def status(websocket):\n"
        "    await websocket.send_json({'type': 'status_update'})\n"
    ),
}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def in_project(project, monkeypatch):
    def make(files):
        folder = project(files)
        monkeypatch.chdir(folder)
        return folder

    return make


def test_bare_wscheck_checks_the_current_directory(runner, in_project):
    in_project(BROKEN_ENDPOINT)
    result = runner.invoke(main, [])
    assert result.exit_code == 1
    assert "app/routes.py:5:1: WS101 endpoint /ws/status sends 'status_update'" in result.output


def test_a_path_without_subcommand_means_check(runner, in_project):
    folder = in_project(BROKEN_ENDPOINT)
    os.chdir(folder.parent)
    result = runner.invoke(main, [folder.name, "--select", "WS101"])
    assert result.exit_code == 1
    assert f"{folder.name}/app/routes.py:5:1: WS101" in result.output


def test_exit_zero_when_clean(runner, in_project):
    in_project({"app/util.py": "def add(a, b):\n    return a + b\n"})
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "No WebSocket endpoints found." in result.output


def test_exit_zero_flag_and_fail_on(runner, in_project):
    in_project(BROKEN_ENDPOINT)
    assert runner.invoke(main, ["--exit-zero"]).exit_code == 0
    # only warnings selected: below the default fail-on (error) ...
    assert runner.invoke(main, ["--select", "WS303"]).exit_code == 0
    # ... but failing with --fail-on warning
    assert runner.invoke(main, ["--select", "WS303", "--fail-on", "warning"]).exit_code == 1


def test_ignore_removes_a_code(runner, in_project):
    in_project(BROKEN_ENDPOINT)
    result = runner.invoke(main, ["--ignore", "WS101,WS3"])
    assert "WS101" not in result.output and "WS303" not in result.output
    assert result.exit_code == 0


def test_missing_path_is_a_one_line_error(runner, in_project):
    in_project({})
    result = runner.invoke(main, ["no/such/dir"])
    assert result.exit_code == 2
    assert result.output.strip() == "wscheck: error: path does not exist: no/such/dir"


def test_unknown_code_is_a_one_line_error(runner, in_project):
    in_project({})
    result = runner.invoke(main, ["--select", "WS999"])
    assert result.exit_code == 2
    assert "unknown rule code 'WS999'" in result.output
    assert "Traceback" not in result.output


def test_bad_config_key_names_the_key(runner, in_project):
    in_project({"pyproject.toml": "[tool.wscheck]\nmin-fallback-interval = 5\n"})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert "unknown key 'min-fallback-interval'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_config_value_names_the_key(runner, in_project):
    in_project({"wscheck.toml": "min-fallback-interval-ms = \"soon\"\n"})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert "'min-fallback-interval-ms' must be a non-negative integer" in result.output


def test_invalid_toml_is_a_one_line_error(runner, in_project):
    in_project({"wscheck.toml": "select = [\n"})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert "invalid TOML" in result.output


def test_an_invalid_pyproject_is_a_one_line_error_naming_file_and_line(runner, in_project):
    """Issue 10: its [tool.wscheck] `ignore` was dropped silently and the run failed on ignored findings."""
    in_project({**BROKEN_ENDPOINT, "pyproject.toml": '[project]\nname = "app"\n\n[tool.wscheck]\nignore = ["WS101"\nselect = ["WS1"]\n'})
    result = runner.invoke(main, ["check", "."])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wscheck: error: ")
    assert "pyproject.toml:6: invalid TOML" in lines[0]


def test_an_invalid_pyproject_that_never_mentions_wscheck_is_not_ours_to_read(runner, in_project):
    in_project({**BROKEN_ENDPOINT, "pyproject.toml": '[project]\nname = "app\n'})
    result = runner.invoke(main, ["check", "."])
    assert "invalid TOML" not in result.stderr
    assert result.exit_code == 1 and "WS101" in result.stdout  # the scan ran with the defaults


def test_config_select_applies(runner, in_project):
    in_project({**BROKEN_ENDPOINT, "pyproject.toml": "[tool.wscheck]\nselect = [\"WS3\"]\n"})
    result = runner.invoke(main, [])
    assert "WS101" not in result.output and "WS303" in result.output


def test_output_file_and_json(runner, in_project):
    folder = in_project(BROKEN_ENDPOINT)
    result = runner.invoke(main, ["--format", "json", "--output", "report.json"])
    assert result.exit_code == 1
    assert result.output == ""
    document = json.loads((folder / "report.json").read_text())
    assert document["version"] == 1
    assert [f["code"] for f in document["findings"] if f["code"] == "WS101"] == ["WS101"]


def test_quiet_prints_findings_only(runner, in_project):
    in_project(BROKEN_ENDPOINT)
    result = runner.invoke(main, ["--quiet", "--select", "WS101"])
    assert result.output.strip().splitlines() == [
        "app/routes.py:5:1: WS101 endpoint /ws/status sends 'status_update' but nothing broadcasts it: "
        "the socket goes idle after the initial data"
    ]


def test_rule_command_prints_docs(runner):
    result = runner.invoke(main, ["rule", "WS101"])
    assert result.exit_code == 0
    assert result.output.startswith("# WS101 missing-broadcast")
    assert "## Use instead" in result.output
    table = runner.invoke(main, ["rule"])
    assert "| WS202 | aggressive-fallback-polling | warning |" in table.output
    assert runner.invoke(main, ["rule", "WS999"]).exit_code == 2


def test_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "check" in result.output and "rule" in result.output


def test_internal_error_is_one_line(runner, in_project, monkeypatch):
    in_project(BROKEN_ENDPOINT)

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("wscheck.engine.scan", boom)
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert result.output.strip() == "wscheck: error: internal error: RuntimeError: kaboom (run with --verbose for the traceback)"


def test_usage_errors_are_one_line_on_stderr():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "wscheck", "--fail-on", "bogus"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "wscheck: error: Invalid value for '--fail-on': 'bogus' is not one of 'info', 'warning', 'error'. "
        "(see `wscheck check --help`)"
    ]


def test_a_closed_pipe_is_not_an_internal_error(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    reader = subprocess.Popen(
        f"{sys.executable} -m wscheck examples/postmortem --format json | head -c 1",
        shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    out, err = reader.communicate(timeout=120)
    assert out == "{"
    assert "internal error" not in err and "Traceback" not in err


def test_map_output_to_an_unwritable_place_is_one_line(runner, in_project):
    in_project(BROKEN_ENDPOINT)
    result = runner.invoke(main, ["map", "--output", "no/such/dir/map.txt"])
    assert result.exit_code == 2
    assert result.output.strip() == "wscheck: error: cannot write no/such/dir/map.txt: No such file or directory"


def test_suppression_above_the_decorators_covers_the_endpoint(runner, in_project):
    source = BROKEN_ENDPOINT["app/routes.py"].replace(
        "@router.websocket('/ws/status')\n", "# wscheck: ignore[WS101]\n@router.websocket('/ws/status')\n"
    )
    in_project({"app/routes.py": source})
    result = runner.invoke(main, ["--select", "WS101,WS003"])
    assert result.exit_code == 0, result.output
    assert "WS101" not in result.output and "WS003" not in result.output


def test_fingerprints_do_not_depend_on_the_working_directory(runner, in_project):
    folder = in_project(BROKEN_ENDPOINT)
    inside = json.loads(runner.invoke(main, ["--format", "json", "--select", "WS101"]).output)
    os.chdir(folder.parent)
    outside = json.loads(runner.invoke(main, [folder.name, "--format", "json", "--select", "WS101"]).output)
    assert [f["fingerprint"] for f in inside["findings"]] == [f["fingerprint"] for f in outside["findings"]]
    assert inside["findings"][0]["file"] != outside["findings"][0]["file"]


def test_unknown_key_suggests_the_closest(runner, in_project):
    in_project({"wscheck.toml": "min-fallback-interval = 5\n"})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "unknown key 'min-fallback-interval' in wscheck.toml (did you mean 'min-fallback-interval-ms'?)"
    )


def test_a_server_directory_that_does_not_exist_is_an_error(runner, in_project):
    in_project({"pyproject.toml": "[tool.wscheck]\nserver = [\"nope/\"]\n", **BROKEN_ENDPOINT})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert "'server' names 'nope/', which is not a directory" in result.output


def test_no_source_files_is_a_one_line_error_unless_allowed(runner, in_project):
    """Issue 10: in CI a wrong path scanned nothing and passed."""
    in_project({"README.md": "# nothing here\n", "docs/guide.md": "# guide\n"})
    result = runner.invoke(main, [])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "wscheck: error: no source files found in .: check the paths and the server/client settings "
        "(--allow-empty to pass anyway)\n"
    )
    allowed = runner.invoke(main, ["check", ".", "--allow-empty"])
    assert allowed.exit_code == 0
    assert "warning: no source files found" in allowed.output


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [("3", 3, ""), ("None", 0, ""), ("'no such file'", 1, "no such file\n")],
)
def test_the_command_leaves_without_teardown_yet_with_its_output_written(code, status, stderr):
    import subprocess
    import sys

    program = f"import sys\nfrom wscheck.entry import _leave\nsys.stdout.write('x' * 200_000)\n_leave({code})\n"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert (done.returncode, len(done.stdout), done.stderr) == (status, 200_000, stderr)
