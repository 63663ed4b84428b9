"""The CI output formats: golden files byte for byte, plus what each consumer requires.

Regenerate the goldens after an intended change with
`WSCHECK_UPDATE_GOLDEN=1 pytest tests/test_reporters.py` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, run_scan
from wscheck.checklist import Phase
from wscheck.config import ConfigError, Settings, load_settings
from wscheck.engine import scan
from wscheck.facts import Location
from wscheck.findings import Finding, Severity
from wscheck.model.entities import Project
from wscheck.answers import Status
from wscheck.report import Metrics, Report, fingerprint
from wscheck.reporters import RENDERERS, common, github, gitlab, junit, sarif, statistics
from wscheck.rules import RULES, RULES_BY_CODE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("WSCHECK_UPDATE_GOLDEN") == "1"
EXAMPLE = "examples/postmortem"

SMALL_PROJECT = {
    "app/routes.py": (
        "from fastapi import APIRouter, WebSocket\n"
        "\n"
        "router = APIRouter()\n"
        "\n"
        "\n"
        '@router.websocket("/ws/status")\n'
        "async def status(websocket: WebSocket):\n"
        "    await websocket.accept()\n"
        '    await websocket.send_json({"type": "status_update", "data": {}})\n'
        '    await websocket.send_json({"type": compute_type()})\n'
        "    while True:\n"
        "        await websocket.receive_text()\n"
    ),
    "app/broken.py": (
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n"
        "\n"
        '@router.websocket("/ws/broken")\n'
        "async def broken(websocket:\n"
        '    await websocket.send_json({"type": "x"})\n'
    ),
}


def scan_example(folder: str = EXAMPLE) -> Report:
    """Scan an example from the repository root, as `wscheck examples/postmortem` does."""
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        return scan([Path(folder)], load_settings(Path(folder)), str(ROOT))
    finally:
        os.chdir(previous)


@pytest.fixture(scope="module")
def postmortem() -> Report:
    return scan_example()


@pytest.fixture
def small(project) -> Report:
    """Server only (phases 3, 4, 7 are n/a), with an error, warnings, an info and a parse error."""
    return run_scan(project(SMALL_PROJECT))


@pytest.fixture(autouse=True)
def no_step_summary(monkeypatch):
    """Tests may run inside GitHub Actions: never append to the real job summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def rendered(name: str, report: Report) -> str:
    out = io.StringIO()
    RENDERERS[name](report, out)
    return out.getvalue()


def finding(code="WS101", severity=Severity.ERROR, file="app/routes.py", line=7, column=1, message="m", **extra) -> Finding:
    rule = next(r for r in RULES if r.code == code)
    return Finding(code, rule.name, severity, Location(file, line, column), message, **extra)


def bare_report(findings: list[Finding]) -> Report:
    return Report(Project(), [], sorted(findings, key=Finding.sort_key), Metrics(0, 0, 0, 0, 0.0), Settings())


def compare_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.is_file(), f"missing golden {path}: run WSCHECK_UPDATE_GOLDEN=1 pytest tests/test_reporters.py"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file (WSCHECK_UPDATE_GOLDEN=1 regenerates it)"


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, golden",
    [
        ("sarif", "postmortem.sarif.json"),
        ("github", "postmortem.github.txt"),
        ("junit", "postmortem.junit.xml"),
        ("gitlab", "postmortem.gitlab.json"),
    ],
)
def test_golden(fmt, golden, postmortem):
    compare_golden(golden, rendered(fmt, postmortem))


def test_golden_github_step_summary(postmortem, tmp_path, monkeypatch):
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    rendered("github", postmortem)
    compare_golden("postmortem.github-summary.md", target.read_text(encoding="utf-8"))


def test_golden_statistics(postmortem):
    out = io.StringIO()
    statistics.render(postmortem, out)
    compare_golden("postmortem.statistics.txt", out.getvalue())


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "gitlab"])
def test_two_scans_print_the_same_bytes(fmt, postmortem):
    assert rendered(fmt, scan_example()) == rendered(fmt, postmortem)


# --- SARIF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_github_accepts(log: dict) -> None:
    """GitHub code scanning's documented SARIF requirements (what its upload checks)."""
    assert log["version"] == "2.1.0" and log["$schema"]
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "wscheck" and driver["version"] and driver["informationUri"].startswith("https://")
    assert run["automationDetails"]["id"].endswith("/")
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert len(run["results"]) <= sarif.MAX_RESULTS
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert set(result["partialFingerprints"]) == {"wscheck/v1"}  # primaryLocationLineHash: the uploader's
        locations = [result["locations"][0]] + result.get("relatedLocations", [])
        assert len(locations) <= 1000
        for location in locations:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert "://" not in uri and not uri.startswith("/"), uri  # relative to the checkout
            assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        for related in result.get("relatedLocations", []):
            assert f"]({related['id']})" in result["message"]["text"]  # GitHub shows only linked ones
            assert related["message"]["text"]


def test_sarif_is_valid_and_accepted_by_github(postmortem, sarif_validator):
    log = json.loads(rendered("sarif", postmortem))
    sarif_validator.validate(log)
    assert_github_accepts(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [rule.code for rule in RULES]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [("WS202", "warning"), ("WS101", "error"), ("WS101", "error")]
    status = run["results"][1]
    assert status["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "examples/postmortem/app/server/routes/websocket_routes.py"
    )
    assert status["locations"][0]["physicalLocation"]["region"] == {"startLine": 84, "startColumn": 1}
    assert status["partialFingerprints"]["wscheck/v1"] == fingerprint(postmortem.findings[1])
    assert status["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 90  # the initial send
    assert status["properties"] == {"endpoint": "/api/v1/ws/system-status", "messageType": "system_status_update"}


def test_sarif_of_a_small_project_is_valid(small, sarif_validator):
    log = json.loads(rendered("sarif", small))
    sarif_validator.validate(log)
    assert_github_accepts(log)
    levels = Counter(r["level"] for r in log["runs"][0]["results"])
    assert levels == {"error": 1, "warning": 3, "note": 1}  # WS101; WS001, WS303, WS304; WS002


def test_the_schema_check_can_fail(postmortem, sarif_validator):
    log = json.loads(rendered("sarif", postmortem))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(log)


def test_sarif_rules_carry_docs_and_levels():
    log = sarif.document(bare_report([]))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["WS101"]["helpUri"] == "https://github.com/wscheck/wscheck/blob/HEAD/docs/rules/WS101.md"
    assert rules["WS101"]["help"]["markdown"].startswith("# WS101 missing-broadcast")
    assert rules["WS101"]["defaultConfiguration"]["level"] == "error"
    assert rules["WS202"]["defaultConfiguration"]["level"] == "warning"
    assert rules["WS002"]["defaultConfiguration"]["level"] == "note"


def test_repository_url_is_the_homepage_in_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert common.REPOSITORY == pyproject["project"]["urls"]["Homepage"]


def test_sarif_escapes_brackets_and_links_evidence():
    report = bare_report([
        finding(code="WS202", severity=Severity.WARNING, file="src/a b.ts", message="see ignore[WS202] here",
                related=(Location("src/a b.ts", 3, 2), Location("src/other.ts", 9))),
    ])
    result = sarif.document(report)["runs"][0]["results"][0]
    assert result["message"]["text"] == "see ignore\\[WS202\\] here (see [line 3](1), [src/other.ts:9](2))"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/a%20b.ts"
    assert [r["id"] for r in result["relatedLocations"]] == [1, 2]


def test_sarif_keeps_the_most_severe_results_under_the_limit(monkeypatch, sarif_validator):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    report = bare_report([
        finding(code="WS002", severity=Severity.INFO, line=1),
        finding(line=2, message="a"),
        finding(code="WS303", severity=Severity.WARNING, line=3),
        finding(line=4, message="b"),
    ])
    log = sarif.document(report)
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]] == [2, 4]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes and "2 of 4 results left out" in notes[0]["message"]["text"]


# --- GitHub ---------------------------------------------------------------------------------


def test_github_escaping():
    assert github.escape_data("100%\r\ndone: a, b") == "100%25%0D%0Adone: a, b"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = github.annotation(finding(file="app/x,y:z.py", line=3, column=5, message="50% off\nnext: line, here"))
    assert line == (
        "::error file=app/x%2Cy%3Az.py,line=3,col=5,title=WS101 missing-broadcast"
        "::50%25 off%0Anext: line, here"
    )


@pytest.mark.parametrize("severity, command", [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_github_commands_per_severity(severity, command):
    assert github.annotation(finding(severity=severity)).startswith(f"::{command} file=app/routes.py,line=7,col=1,")


def test_github_prints_one_annotation_per_finding(small):
    lines = rendered("github", small).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning", "::error", "::warning", "::warning", "::notice"]
    assert lines[0].startswith("::warning file=app/broken.py,line=5,col=17,title=WS001 parse-error::could not parse")


def test_github_step_summary_is_appended(small, tmp_path, monkeypatch):
    target = tmp_path / "step_summary.md"
    target.write_text("## earlier step\n\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    rendered("github", small)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n\n## wscheck\n")
    assert "| `/ws/status` | ✅ | ❌ | ➖ | ➖ | ❌ | ❌ | ➖ |" in text
    assert "| Broadcasting coverage | 0/1 (0%) |" in text
    assert "| WebSocket endpoints | 1 |" in text
    assert "| HTTP polling sites | 0 |" in text
    assert "| Estimated HTTP polling | 0 requests/minute per open client |" in text
    for code, severity in (("WS001", "warning"), ("WS002", "info"), ("WS101", "error"), ("WS303", "warning"), ("WS304", "warning")):
        assert f"[{code}]({common.rule_url(code)}) | {RULES_BY_CODE[code].name} | {severity} | 1 |" in text
    assert "**5 findings** (1 error, 3 warnings, 1 info)" in text
    rendered("github", small)  # a second step appends again
    assert target.read_text(encoding="utf-8").count("## wscheck") == 2


def test_github_step_summary_that_cannot_be_written_is_a_config_error(small, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    with pytest.raises(ConfigError, match="GITHUB_STEP_SUMMARY"):
        rendered("github", small)


def test_github_summary_lists_a_bounded_number_of_findings(monkeypatch):
    monkeypatch.setattr(github, "MAX_LISTED", 2)
    text = github.summary(bare_report([finding(line=n, message=f"m{n} | <b>") for n in (1, 2, 3)]))
    assert "| `app/routes.py:2:1` | WS101 | m2 \\| &lt;b> |" in text
    assert "`app/routes.py:3:1`" not in text
    assert "… and 1 more" in text
    assert "| [WS101](" in text and "| error | 3 |" in text


# --- JUnit ----------------------------------------------------------------------------------


def parse_junit(report: Report) -> ET.Element:
    return ET.fromstring(rendered("junit", report).encode("utf-8"))


def test_junit_counts_match_the_checklist(postmortem):
    root = parse_junit(postmortem)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [c.endpoint.path for c in postmortem.checklists]  # every finding placed
    for suite, item in zip(suites, postmortem.checklists):
        statuses = Counter(answer.status for answer in item.phases.values())
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == 7
        assert sum(c.find("failure") is not None for c in cases) == int(suite.get("failures")) == statuses[Status.FAIL]
        assert sum(c.find("skipped") is not None for c in cases) == int(suite.get("skipped")) == statuses[Status.NA]
        assert {c.get("classname") for c in cases} == {item.endpoint.path}
    for key in ("tests", "failures", "skipped"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("56", "10", "0")


def test_junit_failures_name_the_rule(postmortem):
    root = parse_junit(postmortem)
    suite = root.find("testsuite[@name='/api/v1/ws/system-status']")
    failures = {c.get("name"): c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None}
    assert list(failures) == ["phase 2 broadcasting logic", "phase 7 cleanup (no polling)"]
    broadcast = failures["phase 2 broadcasting logic"]
    assert broadcast.get("type") == "WS101"
    assert broadcast.get("message").startswith("WS101 endpoint /api/v1/ws/system-status sends 'system_status_update'")
    assert "websocket_routes.py:84:1: WS101" in broadcast.text
    cleanup = failures["phase 7 cleanup (no polling)"]
    assert cleanup.get("type") == "WS202"
    assert "useReliableWebSocket.ts:127" in cleanup.text


def test_junit_skips_na_phases_and_collects_other_findings(small):
    root = parse_junit(small)
    status, others = root.findall("testsuite")
    assert status.get("name") == "/ws/status"
    skipped = [c.get("name") for c in status.findall("testcase") if c.find("skipped") is not None]
    assert skipped == ["phase 3 frontend hook", "phase 4 component integration", "phase 7 cleanup (no polling)"]
    assert status.find("testcase[@name='phase 3 frontend hook']/skipped").get("message") == "no client sources scanned"
    failed = {c.get("name"): c.find("failure").get("type") for c in status.findall("testcase") if c.find("failure") is not None}
    assert failed == {"phase 2 broadcasting logic": "WS101", "phase 5 testing": "WS303", "phase 6 documentation": "WS304"}
    assert others.get("name") == junit.OTHER_SUITE
    assert [c.find("failure").get("type") for c in others.findall("testcase")] == ["WS001", "WS002"]
    assert (others.get("tests"), others.get("failures")) == ("2", "2")
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("9", "5", "3")


def test_junit_phase_fails_even_when_its_rule_is_ignored(project):
    report = run_scan(project(SMALL_PROJECT), ignore=("WS303",))
    testing = parse_junit(report).find("testsuite[@name='/ws/status']/testcase[@name='phase 5 testing']/failure")
    assert testing.get("type") == "checklist"
    assert "no test names /ws/status" in testing.get("message")


def test_junit_output_is_well_formed_with_control_characters():
    report = bare_report([finding(message="bad \x00\x1b byte & <tag>")])
    root = parse_junit(report)
    assert root.find("testsuite/testcase/failure").get("message") == "WS101 bad ?? byte & <tag>"


# --- GitLab ---------------------------------------------------------------------------------


def test_gitlab_issues(postmortem):
    issues = json.loads(rendered("gitlab", postmortem))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("WS202", "minor", 127), ("WS101", "major", 84), ("WS101", "major", 94),
    ]
    for issue, item in zip(issues, postmortem.findings):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == item.location.file
        assert issue["fingerprint"] == fingerprint(item)
        assert issue["description"].startswith(f"{item.code} ")


def test_gitlab_fingerprints_are_unique_and_stable(project):
    folder = project(SMALL_PROJECT)
    first = json.loads(rendered("gitlab", run_scan(folder)))
    prints = [i["fingerprint"] for i in first]
    assert len(set(prints)) == len(prints) == 5
    assert [i["fingerprint"] for i in json.loads(rendered("gitlab", run_scan(folder)))] == prints
    # every line of the endpoint's file moved down: the same fingerprints
    routes = folder / "app" / "routes.py"
    routes.write_text("# moved\n\n\n" + routes.read_text(encoding="utf-8"), encoding="utf-8")
    second = json.loads(rendered("gitlab", run_scan(folder)))
    assert [i["fingerprint"] for i in second] == prints
    assert [i["location"]["lines"]["begin"] for i in second] != [i["location"]["lines"]["begin"] for i in first]


def test_gitlab_tells_identical_findings_apart():
    twins = [finding(code="WS201", line=3, message="polls"), finding(code="WS201", line=9, message="polls")]
    assert fingerprint(twins[0]) == fingerprint(twins[1])
    prints = [i["fingerprint"] for i in gitlab.document(bare_report(twins))]
    assert prints == [fingerprint(twins[0]), f"{fingerprint(twins[0])}:2"]


@pytest.mark.parametrize("severity, expected", [(Severity.ERROR, "major"), (Severity.WARNING, "minor"), (Severity.INFO, "info")])
def test_gitlab_severities(severity, expected):
    assert gitlab.document(bare_report([finding(severity=severity)]))[0]["severity"] == expected


# --- statistics and the registry ------------------------------------------------------------


def test_statistics_count_per_code_most_frequent_first():
    report = bare_report([
        finding(code="WS303", severity=Severity.WARNING, line=1),
        finding(line=2, message="a"), finding(line=3, message="b"),
        finding(code="WS303", severity=Severity.ERROR, line=4), finding(line=5, message="c"),
    ])
    rows = statistics.count_by_code(report)
    assert [(r.code, r.count, r.severity) for r in rows] == [("WS101", 3, Severity.ERROR), ("WS303", 2, Severity.ERROR)]
    out = io.StringIO()
    statistics.render(report, out)
    assert out.getvalue() == "3  WS101  missing-broadcast\n2  WS303  no-tests\n"


def test_every_format_is_registered():
    assert {"text", "json", "sarif", "github", "junit", "gitlab"} <= set(RENDERERS)
    assert all(callable(render) for render in RENDERERS.values())


def test_every_checklist_phase_with_a_rule_names_existing_codes():
    codes = {rule.code for rule in RULES}
    for phase, phase_codes in common.PHASE_CODES.items():
        assert phase in Phase
        assert any(code in codes for code in phase_codes), phase
