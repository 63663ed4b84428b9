"""The benchmark's project generator (benchmarks/generator): deterministic, and a scan of its
output reports the contract it built in. Nothing here is timed."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from wscheck.cli import main

# benchmarks/ is not a package: its scripts import the generator as a top-level one
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (the command line, which benchmarks/run.py imports)
import generator  # noqa: E402
from generator.vocabulary import FORBIDDEN  # noqa: E402

FILES = 40  # the smallest project the generator makes
SEED = 5  # at 40 files: 3 endpoints, one of them never broadcast to, and 3 polling sites
IGNORED = ("node_modules/", "dist/", "client/dist/")


def tree_digest(root: Path) -> str:
    """One hash over every file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def scan_json(project: Path) -> dict:
    result = CliRunner().invoke(
        main, ["check", str(project), "--format", "json", "--exit-zero", "--no-cache", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_scan_reports_what_the_generator_built_in(tmp_path):
    manifest = generator.generate(str(tmp_path / "project"), FILES, SEED)
    assert manifest["expected"]["endpoints_with_broadcast"] < manifest["expected"]["endpoints"]
    report = scan_json(tmp_path / "project")
    summary = report["summary"]
    assert {key: summary[key] for key in manifest["expected"]} == manifest["expected"]
    # node_modules/ and the .gitignore'd dist/ trees hold endpoints too: none may be scanned
    assert summary["files_scanned"] == manifest["files"]
    scanned = sorted((e["path"], sorted(e["message_types"])) for e in report["endpoints"])
    assert scanned == sorted((e["path"], sorted(e["types"])) for e in manifest["endpoints"])


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    digests = {}
    for name, seed in (("first", SEED), ("again", SEED), ("other", SEED + 1)):
        generator.generate(str(tmp_path / name), FILES, seed)
        digests[name] = tree_digest(tmp_path / name)
    assert digests["first"] == digests["again"]
    assert digests["other"] != digests["first"]


def test_only_relevant_files_contain_a_prefilter_word(tmp_path):
    root = tmp_path / "project"
    manifest = generator.generate(str(root), FILES, SEED)
    tripped = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith(IGNORED) and relative != generator.MANIFEST_NAME:
            text = path.read_text(encoding="utf-8").lower()
            if any(word in text for word in FORBIDDEN):
                tripped.add(relative)
    assert tripped and tripped <= set(manifest["relevant_files"])


def test_the_command_line_writes_the_same_project(tmp_path):
    generator.generate(str(tmp_path / "library"), FILES, SEED)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(tmp_path / "cli"),
         "--files", str(FILES), "--seed", str(SEED)],
        cwd=tmp_path, check=True, capture_output=True,
    )
    assert tree_digest(tmp_path / "cli") == tree_digest(tmp_path / "library")
    # what benchmarks/run.py uses
    assert generate.generate is generator.generate
    assert generate.MANIFEST_NAME == ".bench-manifest.json"
