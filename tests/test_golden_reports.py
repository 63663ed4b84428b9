"""Text and JSON reports and every `map` format of the post-mortem example, byte for byte,
each produced by a fresh process with a different hash seed (so set and dict order can
never leak into the output). Regenerate with WSCHECK_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "postmortem.txt": ["examples/postmortem"],
    "postmortem.json": ["examples/postmortem", "--format", "json"],
    "postmortem-fixed.txt": ["examples/postmortem-fixed"],
    "postmortem.map.txt": ["map", "examples/postmortem"],
    "postmortem.map.json": ["map", "examples/postmortem", "--format", "json"],
    "postmortem.map.md": ["map", "examples/postmortem", "--format", "markdown"],
    "postmortem.asyncapi.yaml": ["map", "examples/postmortem", "--format", "asyncapi"],
}


def run(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "COLUMNS": "160"}
    env.pop("FORCE_COLOR", None)
    if args[0] != "map":  # a cold run each time: `files_parsed` says what the run did
        args = [*args, "--no-cache"]
    result = subprocess.run([sys.executable, "-m", "wscheck", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name):
    first = run(CASES[name], "1")
    assert run(CASES[name], "4242") == first, "output depends on hash order"
    path = GOLDEN / name
    if os.environ.get("WSCHECK_UPDATE_GOLDEN"):
        path.write_text(first, encoding="utf-8")
    assert first == path.read_text(encoding="utf-8")
