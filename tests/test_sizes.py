"""Sizes, as STYLE.md asks: no module of wscheck over 400 lines, no function over 60 (from its
`def` to its last line, nested functions and methods included)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "wscheck"
MODULE_LINES = 400
FUNCTION_LINES = 60

# Long functions allowed while a rework is pending, at their length (they may not grow):
# none since issue 24 landed; an entry names the issue that removes it.
KNOWN_LONG: dict[tuple[str, str], int] = {}


def long_functions(source: str) -> list[tuple[str, int]]:
    """(name, lines) of every function longer than FUNCTION_LINES, in source order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            if lines > FUNCTION_LINES:
                found.append((node.name, lines))
    return sorted(found)


def test_no_module_is_over_400_lines():
    long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            long[path.relative_to(PACKAGE).as_posix()] = lines
    assert long == {}, "split these by concern"


def test_no_function_is_over_60_lines():
    long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for name, lines in long_functions(path.read_text(encoding="utf-8")):
            if lines > KNOWN_LONG.get((relative, name), 0):
                long[(relative, name)] = lines
    assert long == {}, "split these into steps with names"


def test_the_known_long_functions_are_still_there():
    """An entry whose function was split or renamed is removed from KNOWN_LONG."""
    for (relative, name), _ in KNOWN_LONG.items():
        path = PACKAGE / relative
        assert path.is_file() and name in dict(long_functions(path.read_text(encoding="utf-8"))), (relative, name)


def test_a_function_is_measured_from_def_to_its_last_line():
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES))
    method = body.replace("    ", "        ")
    source = f"@decorated\ndef long():\n{body}\ndef short():\n    pass\n\nclass C:\n    def method(self):\n{method}"
    assert long_functions(source) == [("long", FUNCTION_LINES + 1), ("method", FUNCTION_LINES + 1)]
