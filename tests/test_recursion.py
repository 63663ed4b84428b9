"""Issue 21: no analysis recursion follows the scanned code's own recursion (self-, mutual, deep chains)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import run_scan, write_files
from wscheck.extract.client.extractor import extract_client
from wscheck.facts import ParseFailure, Role

FIXTURES = Path(__file__).parent / "fixtures"
CHAIN = "\n".join(
    [f"function f{i}() {{ f{i + 1}() }}" for i in range(499)] + ['function f499() { fetch("/x") }', "setInterval(f0, 5000)", ""]
)
SHAPES = {
    "self": ('function pollServer() { fetch("/api/status").then(r => r.json()); setTimeout(pollServer, 2000) }\npollServer();\n', 1),
    "self_arrow_first": (
        "export function useReady() {\n  useEffect(() => {\n    const getReady = () => {\n"
        '      fetch("/api/ready");\n      setTimeout(() => getReady(), 1000);\n    };\n    getReady();\n  }, []);\n}\n',
        5,
    ),
    "mutual": ('function a() { setTimeout(b, 1000) }\nfunction b() { fetch("/x"); a() }\na();\n', 1),
    "chain": (CHAIN, 501),
}


def _codes(report) -> list[tuple[str, int, str]]:
    return [(f.location.file, f.location.line, f.code) for f in report.findings]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_recursive_polling_is_found_not_crashed(tmp_path: Path, shape: str) -> None:
    source, line = SHAPES[shape]
    write_files(tmp_path, [("src/poll.ts", source)])
    codes = _codes(run_scan(tmp_path))
    assert not [c for c in codes if c[2] == "WS001"], codes
    assert ("src/poll.ts", line, "WS201") in codes, codes


def test_code_that_only_calls_itself_is_not_polling(tmp_path: Path) -> None:
    write_files(tmp_path, [("src/loop.ts", "function a() { b() }\nfunction b() { a() }\nsetInterval(a, 1000)\n")])
    assert _codes(run_scan(tmp_path)) == []


def _client_files() -> list[Path]:
    folders = [p for p in FIXTURES.iterdir() if p.is_dir() and p.name.startswith(("client_", "contract_"))]
    suffixes = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".vue", ".svelte")
    return sorted(f for folder in folders for f in folder.rglob("*") if f.suffix in suffixes)


def test_client_fixtures_extract_under_a_small_recursion_limit() -> None:
    files = _client_files()
    assert files
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        failures = [
            (str(f), result.reason)
            for f in files
            if isinstance(result := extract_client(f.relative_to(FIXTURES).as_posix(), f.read_bytes(), Role.CLIENT), ParseFailure)
        ]
    finally:
        sys.setrecursionlimit(previous)
    assert failures == []
