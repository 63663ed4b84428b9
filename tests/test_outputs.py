"""Outputs: formats from `reporters.RENDERERS`, several outputs in one run, `--statistics`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_scan
from wscheck.cli import main
from wscheck.outputs import Output, formats, plan
from wscheck.reporters import FOR_PEOPLE, RENDERERS
from wscheck.reporters.common import RenderOptions

BROKEN = {
    "app/routes.py": (
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n\n"
        "@router.websocket('/ws/status')\n"
        "async def status(websocket):\n"
        "    await websocket.send_json({'type': 'status_update'})\n\n"
        "@router.websocket('/ws/orders')\n"
        "async def orders(websocket):\n"
        "    await websocket.send_json({'type': 'orders_update'})\n"
    ),
    "web/src/hooks.ts": (
        "import { useQuery } from '@tanstack/react-query';\n\n"
        "export function useOrders() {\n"
        "  return useQuery({ queryKey: ['reports'], refetchInterval: 3000 });\n"
        "}\n"
    ),
}


@pytest.fixture
def runner():
    return CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.fixture
def folder(project, monkeypatch):
    path = project(BROKEN)
    monkeypatch.chdir(path)
    return path


def test_format_choices_come_from_the_renderers(runner, folder, monkeypatch):
    help_text = runner.invoke(main, ["check", "--help"]).stdout
    assert "--format [text|json|sarif|github|junit|gitlab]" in help_text  # not statistics: --statistics picks it

    def render_codes(report, out, options):
        out.write(",".join(f.code for f in report.findings) + "\n")

    monkeypatch.setitem(RENDERERS, "codes", render_codes)  # a format registered later
    result = runner.invoke(main, ["--format", "codes", "--select", "WS101"])
    assert result.exit_code == 1
    assert result.stdout == "WS101,WS101\n"
    assert "codes" in runner.invoke(main, ["check", "--help"]).stdout


def test_unknown_format_is_a_usage_error(runner, folder):
    result = runner.invoke(main, ["--format", "yaml"])
    assert result.exit_code == 2
    assert "unknown format 'yaml' (choose from text, json" in result.stderr
    result = runner.invoke(main, ["--output-format", "yaml=x.yaml"])
    assert result.exit_code == 2 and "unknown format 'yaml'" in result.stderr
    result = runner.invoke(main, ["--output-format", "json="])
    assert result.exit_code == 2 and "'json=': no file after '='" in result.stderr


def test_several_outputs_in_one_run(runner, folder):
    result = runner.invoke(main, ["--output-format", "json=report.json", "--output-format", "text=report.txt", "--quiet"])
    assert result.exit_code == 1
    # the text report still goes to stdout: the --output-format outputs went to files
    assert "app/routes.py:5:1: WS101" in result.stdout
    document = json.loads((folder / "report.json").read_text())
    assert sorted(f["code"] for f in document["findings"] if f["code"] in ("WS101", "WS201")) == ["WS101", "WS101", "WS201"]
    assert (folder / "report.txt").read_text() == result.stdout  # the same report, --quiet included


def test_an_output_format_without_file_takes_stdout(runner, folder):
    result = runner.invoke(main, ["--output-format", "json", "--output-format", "text=report.txt"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["version"] == 1  # json on stdout, no text report there
    assert "WebSocket checklist" in (folder / "report.txt").read_text()


def test_format_and_output_and_output_format_together(runner, folder):
    result = runner.invoke(main, ["--format", "json", "--output", "a.json", "--output-format", "text"])
    assert result.exit_code == 1
    assert "WebSocket checklist" in result.stdout
    assert json.loads((folder / "a.json").read_text())["version"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output-format", "json", "--output-format", "text"], "only one output can go to standard output (got json, text)"),
        (["--format", "json", "--output-format", "text"], "only one output can go to standard output (got json, text)"),
        (["--output-format", "json=r.out", "--output-format", "text=r.out"], "r.out is given as the output of two formats"),
        (["--statistics", "--format", "json"], "--statistics prints text on standard output: it cannot be combined with json there"),
    ],
)
def test_conflicting_outputs_are_one_line_errors(runner, folder, args, message):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (folder / "r.out").exists()


def test_statistics_count_per_code_instead_of_the_findings(runner, folder):
    result = runner.invoke(main, ["--statistics", "--select", "WS101,WS201"])
    assert result.exit_code == 1  # exit status unchanged
    assert result.stdout.splitlines() == ["2  WS101  missing-broadcast", "1  WS201  http-polling"]
    warnings_only = runner.invoke(main, ["--statistics", "--select", "WS303"])
    assert warnings_only.exit_code == 0
    assert warnings_only.stdout.splitlines() == ["2  WS303  no-tests"]


def test_statistics_alongside_file_outputs(runner, folder):
    result = runner.invoke(main, ["--statistics", "--select", "WS201", "--output-format", "json=r.json"])
    assert result.stdout.splitlines() == ["1  WS201  http-polling"]
    assert [f["code"] for f in json.loads((folder / "r.json").read_text())["findings"]] == ["WS201"]
    # and with --output: the text report goes to the file, the statistics to stdout
    result = runner.invoke(main, ["--statistics", "--select", "WS201", "--output", "r.txt"])
    assert result.stdout.splitlines() == ["1  WS201  http-polling"]
    assert "web/src/hooks.ts:4:44: WS201" in (folder / "r.txt").read_text()


def test_exit_zero_with_statistics(runner, folder):
    assert runner.invoke(main, ["--statistics", "--exit-zero"]).exit_code == 0


def test_statistics_are_a_renderer_for_stdout_not_a_format():
    assert "statistics" in RENDERERS and "statistics" not in formats()
    assert plan(Output("text"), False, (), True) == [Output("statistics")]
    to_file = Output("text", Path("r.txt"))
    assert plan(to_file, True, (Output("json", Path("r.json")),), True) == [to_file, Output("json", Path("r.json")), Output("statistics")]


def test_every_renderer_takes_the_same_options(project, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    report = run_scan(project(BROKEN))
    for name, render in RENDERERS.items():
        plain, loud, quiet = io.StringIO(), io.StringIO(), io.StringIO()
        render(report, plain)
        render(report, loud, RenderOptions(notes=("a note.",)))
        render(report, quiet, RenderOptions(quiet=True, notes=("a note.",)))
        if name in FOR_PEOPLE:  # they end with the notes, unless quiet
            assert loud.getvalue() == plain.getvalue() + "a note.\n", name
            assert "a note." not in quiet.getvalue(), name
        else:
            assert loud.getvalue() == quiet.getvalue() == plain.getvalue(), name
