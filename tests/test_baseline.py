"""Fingerprints that survive moves and unrelated edits, and `--baseline` / `--write-baseline`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wscheck.cli import main

ENDPOINT = (
    "from fastapi import APIRouter\n"
    "router = APIRouter()\n\n"
    "@router.websocket('/ws/status')\n"
    "async def status(websocket):\n"
    "    await websocket.send_json({'type': 'status_update'})\n"
)


def polling_hook(name: str, interval: int = 3000) -> str:
    return (
        f"export function {name}() {{\n"
        "  return useQuery({\n"
        f"    queryKey: ['{name}'],\n"
        f"    refetchInterval: {interval},\n"
        "  });\n"
        "}\n"
    )


def polling(*hooks: str) -> str:
    return "import { useQuery } from '@tanstack/react-query';\n\n" + "\n".join(hooks)


@pytest.fixture
def runner():
    return CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.fixture
def at(project, monkeypatch):
    """at(files) writes the files (again) in the same folder and makes it the cwd."""

    def write(files):
        folder = project(files)
        monkeypatch.chdir(folder)
        return folder

    return write


def findings(runner, *args) -> list[dict]:
    result = runner.invoke(main, ["--format", "json", "--select", "WS101,WS201", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def prints(findings_: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["fingerprint"]) for f in findings_)


# --- fingerprints ----------------------------------------------------------------------


def test_fingerprints_survive_moved_lines_and_unrelated_edits(runner, at):
    at({"app/routes.py": ENDPOINT, "web/src/hooks.ts": polling(polling_hook("useOrders"))})
    before = findings(runner)
    assert {f["code"] for f in before} == {"WS101", "WS201"}
    at({
        "app/routes.py": "import json\n\n\ndef unrelated():\n    return json.dumps({})\n\n" + ENDPOINT.replace("async def status", "async  def   status"),
        "web/src/hooks.ts": "// the hooks of the orders page\n\n" + polling(polling_hook("useOrders")).replace("    refetchInterval", "      refetchInterval"),
    })
    after = findings(runner)
    assert [f["line"] for f in after] != [f["line"] for f in before]  # the lines did move
    assert prints(after) == prints(before)


def test_fingerprints_change_with_the_finding_itself(runner, at):
    at({"web/src/hooks.ts": polling(polling_hook("useOrders"))})
    (before,) = findings(runner)
    at({"web/src/hooks.ts": polling(polling_hook("useOrders", interval=2000))})
    (faster,) = findings(runner)
    at({"web/src/other.ts": polling(polling_hook("useOrders"))})
    moved_file = [f for f in findings(runner) if f["file"] == "web/src/other.ts"]
    assert before["fingerprint"] != faster["fingerprint"]
    assert moved_file and moved_file[0]["fingerprint"] != before["fingerprint"]


# --- baseline --------------------------------------------------------------------------


def test_write_baseline_records_findings_sorted_and_exits_zero(runner, at):
    folder = at({"app/routes.py": ENDPOINT, "web/src/hooks.ts": polling(polling_hook("useOrders"))})
    result = runner.invoke(main, ["--select", "WS101,WS201", "--write-baseline", "baseline.json"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "wrote 2 findings to baseline baseline.json" in result.stderr
    document = json.loads((folder / "baseline.json").read_text())
    assert document["version"] == 1 and document["tool"]["name"] == "wscheck" and document["tool"]["version"]
    assert [(e["file"], e["code"]) for e in document["entries"]] == [("app/routes.py", "WS101"), ("web/src/hooks.ts", "WS201")]
    assert set(document["entries"][0]) == {"fingerprint", "code", "file", "message"}
    assert prints([{"code": e["code"], "fingerprint": e["fingerprint"]} for e in document["entries"]]) == prints(findings(runner))
    first = (folder / "baseline.json").read_bytes()
    runner.invoke(main, ["--select", "WS101,WS201", "--write-baseline", "baseline.json"])
    assert (folder / "baseline.json").read_bytes() == first  # deterministic


def test_baseline_reports_only_new_findings(runner, at):
    at({"app/routes.py": ENDPOINT, "web/src/hooks.ts": polling(polling_hook("useOrders"))})
    runner.invoke(main, ["--select", "WS101,WS201", "--write-baseline", "baseline.json"])
    clean = runner.invoke(main, ["--select", "WS101,WS201", "--baseline", "baseline.json"])
    assert clean.exit_code == 0, clean.output
    assert "WS101" not in clean.stdout and "WS201" not in clean.stdout
    assert "2 findings baselined in baseline.json (not shown)." in clean.stdout

    at({"web/src/users.ts": polling(polling_hook("useUsers"))})  # a new polling hook
    new = runner.invoke(main, ["--select", "WS101,WS201", "--baseline", "baseline.json"])
    assert new.exit_code == 1
    assert [line.split(": ")[0] for line in new.stdout.splitlines() if ": WS" in line] == ["web/src/users.ts:6:5"]
    assert "Found 1 finding (1 error)" in new.stdout
    assert "2 findings baselined" in new.stdout


def test_baseline_counts_identical_findings_as_a_multiset(runner, at):
    # two hooks whose polling lines are identical: one fingerprint, two findings
    at({"web/src/hooks.ts": polling(polling_hook("useA"), polling_hook("useB"))})
    assert len({f["fingerprint"] for f in findings(runner)}) == 1
    runner.invoke(main, ["--select", "WS201", "--write-baseline", "baseline.json"])
    at({"web/src/hooks.ts": polling(polling_hook("useA"), polling_hook("useB"), polling_hook("useC"))})
    result = runner.invoke(main, ["--select", "WS201", "--baseline", "baseline.json", "--quiet"])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1  # the third one only


def test_stale_entries_are_reported_so_the_baseline_shrinks(runner, at):
    folder = at({"app/routes.py": ENDPOINT, "web/src/hooks.ts": polling(polling_hook("useOrders"))})
    runner.invoke(main, ["--select", "WS101,WS201", "--write-baseline", "baseline.json"])
    (folder / "web/src/hooks.ts").unlink()  # the polling is gone: its entry is stale
    result = runner.invoke(main, ["--select", "WS101,WS201", "--baseline", "baseline.json"])
    assert result.exit_code == 0
    assert "1 finding baselined in baseline.json (not shown)." in result.stdout
    assert "1 baseline entry in baseline.json no longer matches anything: re-write it with --write-baseline baseline.json" in result.stdout
    # with a machine format on stdout, the note goes to stderr
    as_json = runner.invoke(main, ["--select", "WS101,WS201", "--baseline", "baseline.json", "--format", "json"])
    assert json.loads(as_json.stdout)["findings"] == []
    assert "1 baseline entry" in as_json.stderr
    # re-writing it drops the stale entry
    runner.invoke(main, ["--select", "WS101,WS201", "--write-baseline", "baseline.json"])
    assert len(json.loads((folder / "baseline.json").read_text())["entries"]) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found: baseline.json (create it with --write-baseline baseline.json)"),
        ("{", "baseline.json: not a wscheck baseline (invalid JSON"),
        ('{"version": 7, "entries": []}', "baseline.json: not a wscheck baseline (expected version 1"),
        ('{"version": 1, "entries": [{"code": "WS101"}]}', "baseline.json: not a wscheck baseline (every entry needs a fingerprint)"),
    ],
)
def test_a_bad_baseline_is_a_one_line_error(runner, at, content, message):
    folder = at({"app/routes.py": ENDPOINT})
    if content is not None:
        (folder / "baseline.json").write_text(content)
    result = runner.invoke(main, ["--baseline", "baseline.json"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wscheck: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
