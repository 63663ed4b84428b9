"""The pipeline's layering, as STYLE.md draws it: only extract/server imports libcst, only
extract/client imports tree_sitter, and a scan with nothing to parse loads neither."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "wscheck"


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_parsers_are_imported_only_by_their_extractors():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        roots = imported_roots(path)
        if "libcst" in roots:
            assert relative.startswith("extract/server/"), relative
        if "tree_sitter" in roots or "tree_sitter_typescript" in roots:
            assert relative.startswith("extract/client/"), relative


def test_reporters_know_nothing_of_parsers():
    for path in sorted((PACKAGE / "reporters").rglob("*.py")):
        assert not {"libcst", "tree_sitter"} & imported_roots(path), path


def test_a_scan_with_nothing_to_parse_loads_no_parser(project):
    folder = project({"app/util.py": "def add(a, b):\n    return a + b\n", "web/src/math.ts": "export const two = 1 + 1;\n"})
    code = (
        "import sys, os\nfrom pathlib import Path\nfrom wscheck.config import Settings\nfrom wscheck.engine import scan\n"
        "report = scan([Path('.')], Settings(), os.getcwd())\n"
        "print(report.project.files_scanned, 'libcst' in sys.modules, 'tree_sitter' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2", "False", "False"]


def test_wscheck_rule_loads_no_parser():
    code = "import sys\nfrom wscheck.cli import main\nprint('libcst' in sys.modules, 'tree_sitter' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
