"""Shared helpers: run the engine on a folder the way the CLI does."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from wscheck.config import load_settings
from wscheck.engine import scan

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parsable_python_modules():
    """(path, libcst module) of every Python file of the fixtures and examples that libcst
    reads (some fixtures are unparsable on purpose): a corpus for extractor invariants."""
    import libcst as cst

    for path in sorted(p for folder in ("tests/fixtures", "examples") for p in (ROOT / folder).rglob("*.py")):
        try:
            yield path, cst.parse_module(path.read_text(encoding="utf-8"))
        except cst.ParserSyntaxError:
            continue


def run_scan(folder: Path, run=None, **overrides):
    """Scan `folder` from inside it (paths in findings are then relative to it); `run`
    takes engine.RunOptions (jobs, cache), the rest override settings."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        settings = replace(load_settings(Path(".")), **overrides)
        return scan([Path(".")], settings, os.getcwd(), run=run) if run is not None else scan([Path(".")], settings, os.getcwd())
    finally:
        os.chdir(previous)


def write_files(root: Path, files) -> Path:
    for relative, source in files:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path_factory, monkeypatch):
    """Every test starts cold, with its own cache, and never writes one into the repository."""
    monkeypatch.setenv("WSCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("wscheck-cache")))


@pytest.fixture
def project(tmp_path):
    """project({"app/x.py": "..."}) -> the folder, written."""

    def make(files: dict[str, str]) -> Path:
        return write_files(tmp_path, files.items())

    return make
