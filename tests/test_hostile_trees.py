"""Hostile trees (issue 22): file names that are not UTF-8 are scanned and written escaped,
the same in every format; symlinks lead nowhere outside the scanned paths, and never twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import ROOT, run_scan
from wscheck.cli import main
from wscheck.config import Settings
from wscheck.discovery import discover
from wscheck.filenames import printable
from wscheck.modules import python_module_name

ENDPOINT = (
    "from fastapi import APIRouter\nrouter = APIRouter()\n\n"
    "@router.websocket('{path}')\nasync def status(websocket):\n"
    "    await websocket.accept()\n"
    "    await websocket.send_json({{'type': '{kind}_update'}})\n"
)
POLLING = "export function start() {\n  setInterval(() => fetch('/api/items'), 2000);\n}\n"


def _write(root: Path, name: bytes, text: str) -> None:
    path = os.path.join(os.fsencode(root), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(text.encode())


@pytest.fixture
def undecodable(tmp_path):
    """A project whose names are not UTF-8: a server module with an endpoint, one that does
    not parse, endpoints in a package of such a name, and client files in such a directory;
    enough files on each side for `--jobs 2` to hand them to workers."""
    try:
        _write(tmp_path, b"app/bad\xffname.py", ENDPOINT.format(path="/ws/bad", kind="bad"))
    except OSError:  # a file system that refuses such names (macOS's APFS)
        pytest.skip("this file system keeps only UTF-8 names")
    _write(tmp_path, b"app/broken\xfe.py", "from fastapi import APIRouter\n@router.websocket('/x')\ndef f(:\n")
    for index in range(8):
        _write(tmp_path, b"app/routes\xfe/r%d.py" % index, ENDPOINT.format(path=f"/ws/r{index}", kind=f"r{index}"))
        _write(tmp_path, b"web/src\xfd/poll%d\xff.ts" % index, POLLING)
    return tmp_path


def test_printable_escapes_each_undecodable_byte_and_nothing_else():
    assert printable(os.fsdecode(b"app/bad\xffname.py")) == "app/bad\\xffname.py"
    assert printable("caf\u00e9/\u65e5\u672c.py") == "caf\u00e9/\u65e5\u672c.py"
    assert printable("tab\there.py") == "tab\there.py"
    assert printable("lone\ud800.py") == "lone\\ud800.py"  # a surrogate no byte made (Windows)


def test_a_module_name_from_an_undecodable_path_is_printable(tmp_path):
    class File:
        scan_root = str(tmp_path)
        abspath = os.path.join(str(tmp_path), os.fsdecode(b"pkg\xfe"), os.fsdecode(b"mod\xff.py"))
        path = "pkg\\xfe/mod\\xff.py"

    assert python_module_name(File) == ("pkg\\xfe.mod\\xff", False)


def _check(folder: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    files = [f"--output-format={kind}={out / kind}" for kind in ("json", "sarif", "github", "junit", "gitlab")]
    return subprocess.run(
        [sys.executable, "-m", "wscheck", "check", ".", "--no-progress", "--output-format=text", *files, *flags],
        cwd=folder, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_undecodable_names_are_scanned_and_written_escaped_in_every_format(undecodable, tmp_path_factory):
    runs = {}
    for name, flags in (("workers", ("--jobs", "2", "--no-cache")), ("here", ("--jobs", "1")), ("cached", ("--jobs", "1"))):
        out = tmp_path_factory.mktemp(name)
        done = _check(undecodable, out, *flags)
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr and b"error" not in done.stderr, done.stderr
        runs[name] = (done.stdout, {kind.name: kind.read_bytes() for kind in out.iterdir()})
    text, files = runs["workers"]
    bad, poll, routes = "app/bad\\xffname.py", "web/src\\xfd/poll0\\xff.ts", "app/routes\\xfe/r0.py"
    for shown in (bad, poll, routes, "app/broken\\xfe.py"):
        assert shown.encode() in text
        assert shown.encode() in files["github"] and shown.encode() in files["junit"]
    found = json.loads(files["json"])
    assert {(bad, "WS101"), (poll, "WS201"), ("app/broken\\xfe.py", "WS001")} <= {(f["file"], f["code"]) for f in found["findings"]}
    assert {e["path"] for e in found["endpoints"]} == {"/ws/bad", *(f"/ws/r{i}" for i in range(8))}
    sarif = json.loads(files["sarif"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert quote(bad, safe="/") in uris  # the same name, percent-encoded as a URI must be
    assert {f["location"]["path"] for f in json.loads(files["gitlab"])} >= {bad, poll}
    # workers, this process and the cache: the same bytes, the same fingerprints
    for name in ("here", "cached"):
        assert runs[name][0] == text
        for kind, data in runs[name][1].items():
            if kind == "json":
                data, expected = json.loads(data), json.loads(files["json"])
                for summary in (data["summary"], expected["summary"]):
                    summary.pop("files_parsed"), summary.pop("files_cached")
                assert data == expected
            else:
                assert data == files[kind], kind


def test_undecodable_names_in_the_map_and_a_baseline(undecodable, monkeypatch):
    monkeypatch.chdir(undecodable)
    runner = CliRunner()
    for kind in ("text", "json", "markdown", "asyncapi"):
        result = runner.invoke(main, ["map", ".", "--format", kind])
        assert result.exit_code == 0 and "bad\\xffname.py" in result.output.replace("\\\\", "\\"), (kind, result.output)
        assert "\udcff" not in result.output
    written = runner.invoke(main, ["check", ".", "--write-baseline", "baseline.json", "--no-cache"])
    assert written.exit_code == 0, written.output
    assert "app/bad\\xffname.py" in {e["file"] for e in json.loads(Path("baseline.json").read_text(encoding="utf-8"))["entries"]}
    again = runner.invoke(main, ["check", ".", "--baseline", "baseline.json", "--no-cache", "--jobs", "2"])
    count = len(json.loads(Path("baseline.json").read_text(encoding="utf-8"))["entries"])
    assert again.exit_code == 0 and "All checks passed. 18 files scanned" in again.output, again.output
    assert f"{count} findings baselined in baseline.json" in again.output  # every fingerprint matched


def test_an_undecodable_path_named_on_the_command_line(undecodable, monkeypatch):
    monkeypatch.chdir(undecodable)
    runner = CliRunner()
    result = runner.invoke(main, ["check", os.fsdecode(b"app/bad\xffname.py"), "--no-cache", "--select", "WS101", "-q"])
    assert result.exit_code == 1 and result.output.startswith("app/bad\\xffname.py:5:1: WS101"), result.output
    missing = runner.invoke(main, ["check", os.fsdecode(b"app/gone\xff.py")])
    assert missing.exit_code == 2 and missing.stderr == "wscheck: error: path does not exist: app/gone\\xff.py\n"


def test_init_names_no_directory_it_cannot_write(undecodable, monkeypatch):
    monkeypatch.chdir(undecodable)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    written = Path("wscheck.toml").read_text(encoding="utf-8")
    assert "# client = []" in written  # `web/src\xfd` does not exist under that name
    assert CliRunner().invoke(main, ["check", ".", "--no-cache", "-q"]).exit_code == 1  # the config loads


# --- symlinks ----------------------------------------------------------------------------


def _found(folder: Path, *paths: Path):
    result = discover(list(paths) or [folder], Settings(), str(folder))
    return sorted(f.path for f in result.files), result.links_skipped


def test_a_link_to_the_root_of_the_file_system_is_not_walked(project):
    folder = project({"app/main.py": ""})
    os.symlink("/", folder / "app" / "root")
    os.symlink("/etc", folder / "etc")
    started = time.perf_counter()
    files, skipped = _found(folder)
    assert time.perf_counter() - started < 2
    assert files == ["app/main.py"]
    assert skipped == ("app/root -> /: outside the scanned paths, not followed", "etc -> /etc: outside the scanned paths, not followed")


def test_a_link_to_a_project_beside_adds_none_of_its_endpoints(tmp_path):
    (tmp_path / "beside").mkdir()
    (tmp_path / "beside" / "other.py").write_text(ENDPOINT.format(path="/ws/beside", kind="beside"), encoding="utf-8")
    folder = tmp_path / "project" / "app"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(ENDPOINT.format(path="/ws/main", kind="main"), encoding="utf-8")
    os.symlink("../../beside", folder / "shared")
    report = run_scan(tmp_path / "project", select=("WS101",))
    assert [e.path for e in report.project.endpoints] == ["/ws/main"]
    assert report.links_skipped == ("app/shared -> ../../beside: outside the scanned paths, not followed",)


def test_a_link_inside_the_tree_is_reported_once_where_the_file_is(project):
    folder = project({"zz_real/ws.py": ENDPOINT.format(path="/ws/real", kind="real"), "ignored/more.py": "", ".gitignore": "ignored/\n"})
    os.symlink("zz_real", folder / "a_alias")  # walked first by name: the file is still found where it is
    os.symlink("zz_real/ws.py", folder / "a_file.py")
    os.symlink("ignored", folder / "into_ignored")  # leads into the tree, to what the walk left out
    files, skipped = _found(folder)
    assert files == ["into_ignored/more.py", "zz_real/ws.py"]
    assert skipped == (
        "a_alias -> zz_real: already scanned, not followed again",
        "a_file.py -> zz_real/ws.py: already scanned, not followed again",
    )
    report = run_scan(folder, select=("WS101",))
    assert [(e.path, e.location.file) for e in report.project.endpoints] == [("/ws/real", "zz_real/ws.py")]
    assert len(report.findings) == 1


def test_cycles_and_dangling_links_end_quietly(project):
    folder = project({"src/a.py": "", "one/b.py": "", "two/c.py": ""})
    os.symlink("..", folder / "src" / "up")  # the scanned path itself
    os.symlink(".", folder / "src" / "self")
    os.symlink("../two", folder / "one" / "to_two")  # one -> two -> one
    os.symlink("../one", folder / "two" / "to_one")
    os.symlink("nowhere", folder / "src" / "dangling.py")
    os.symlink("loop_b", folder / "loop_a")
    os.symlink("loop_a", folder / "loop_b")
    files, skipped = _found(folder)
    assert files == ["one/b.py", "src/a.py", "two/c.py"]
    assert skipped == (
        "loop_a -> loop_b: dangling (no such target, or a loop of links)",
        "loop_b -> loop_a: dangling (no such target, or a loop of links)",
        "one/to_two -> ../two: already scanned, not followed again",
        "src/dangling.py -> nowhere: dangling (no such target, or a loop of links)",
        "src/self -> .: already scanned, not followed again",
        "src/up -> ..: already scanned, not followed again",
        "two/to_one -> ../one: already scanned, not followed again",
    )


def test_a_link_named_on_the_command_line_is_followed(tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "pkg").mkdir(parents=True)
    (outside / "pkg" / "ws.py").write_text("", encoding="utf-8")
    os.symlink("pkg", outside / "again")  # inside what the named link leads to
    folder = tmp_path / "project"
    folder.mkdir()
    os.symlink(outside, folder / "linked")
    (tmp_path / "single.py").write_text("", encoding="utf-8")
    os.symlink(tmp_path / "single.py", folder / "one.py")
    assert _found(folder, folder / "linked", folder / "one.py") == (
        ["linked/pkg/ws.py", "one.py"], ("linked/again -> pkg: already scanned, not followed again",),
    )


def test_a_link_into_another_scanned_path_counts_it_once(project):
    folder = project({"a/x.py": "", "b/sub/y.py": ""})
    os.symlink("../b/sub", folder / "a" / "sub")
    files, skipped = _found(folder, folder / "a", folder / "b")  # `a` is walked first; `b/sub` is found where it is
    assert files == ["a/x.py", "b/sub/y.py"]
    assert skipped == ("a/sub -> ../b/sub: already scanned, not followed again",)


def test_verbose_lists_the_skipped_links(project, monkeypatch):
    folder = project({"app/main.py": ENDPOINT.format(path="/ws", kind="x")})
    os.symlink("/", folder / "root")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", ".", "--verbose", "--no-cache"])
    assert result.exit_code == 1
    assert "wscheck: skipped symlink root -> /: outside the scanned paths, not followed" in result.stderr
    quiet = CliRunner().invoke(main, ["check", ".", "--no-cache"])
    assert "symlink" not in quiet.stderr
