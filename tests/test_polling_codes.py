"""WS203 is HTTP polling too (issue 9.6): it carries WS201, so selecting or suppressing WS201
covers it, and it is still reported once, under its own, more specific code."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from conftest import FIXTURES, run_scan
from wscheck.cli import main

FIXTURE = FIXTURES / "contract_duplicate_polling_is_http_polling"
HOOK = "frontend/src/hooks/useTickets.ts"


def _codes(report) -> list[tuple[str, int, str]]:
    return sorted((f.location.file, f.location.line, f.code) for f in report.findings if f.code.startswith("WS2"))


def test_every_selection_sees_the_duplicate_once():
    for select in (("WS201",), ("WS203",), ("WS2",), ()):
        found = _codes(run_scan(FIXTURE, select=select))
        assert (HOOK, 9, "WS203") in found, select
        assert (HOOK, 9, "WS201") not in found, select  # never twice


def test_ignoring_ws201_keeps_the_more_specific_ws203():
    found = _codes(run_scan(FIXTURE, select=(), ignore=("WS201",)))
    assert found == [(HOOK, 9, "WS203")]


def test_a_ws201_suppression_covers_the_duplicate(tmp_path):
    project = tmp_path / "app"
    shutil.copytree(FIXTURE, project)
    hook = project / HOOK
    hook.write_text(hook.read_text().replace("// expect: WS203", "// wscheck: ignore[WS201]"))
    found = [(f.location.line, f.code) for f in run_scan(project).findings]
    assert (9, "WS203") not in found
    assert (9, "WS003") not in found  # the suppression was used


def test_json_names_the_implied_code(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    result = CliRunner().invoke(main, [".", "--format", "json", "--select", "WS201", "--no-cache"])
    findings = json.loads(result.output)["findings"]
    duplicate = [f for f in findings if f["code"] == "WS203"]
    assert len(duplicate) == 1 and duplicate[0]["implies"] == ["WS201"]
    assert all("implies" not in f for f in findings if f["code"] == "WS201")
    assert result.exit_code == 1
