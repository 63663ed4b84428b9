"""Every folder under tests/fixtures is a mini project whose expected findings are written
inline, on the offending line: `# expect: WS101` or `// expect: WS201, WS202`.

The engine's (file, line, code) set must equal the expectations exactly: a finding
nobody expected fails as surely as a missing one. A fixture may carry a `wscheck.toml`
(e.g. `select = ["WS1"]`) to keep to the rules it is about.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, run_scan

CODE_SUFFIXES = {".py", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte"}
MARKERS = ("# expect:", "// expect:")


def expectations(folder: Path) -> Counter:
    expected: Counter = Counter()
    for path in sorted(folder.rglob("*")):
        if path.suffix not in CODE_SUFFIXES or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for marker in MARKERS:
                if marker in line:
                    codes = line.split(marker, 1)[1].replace(",", " ").split()
                    for code in codes:
                        expected[(path.relative_to(folder).as_posix(), number, code)] += 1
    return expected


FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("folder", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_fixture(folder: Path):
    report = run_scan(folder)
    actual = Counter((f.location.file, f.location.line, f.code) for f in report.findings)
    expected = expectations(folder)
    missing = expected - actual
    unexpected = actual - expected
    details = {(f.location.file, f.location.line, f.code): f.message for f in report.findings}
    assert not missing and not unexpected, (
        f"missing: {sorted(missing)}\nunexpected: {sorted(unexpected)}\n"
        + "\n".join(f"  {k}: {details[k]}" for k in sorted(unexpected))
    )


def test_every_fixture_has_a_twin_or_expectation():
    """A fixture folder named *_ok is the silent twin of its sibling; both must exist."""
    names = {p.name for p in FIXTURE_DIRS}
    for name in names:
        if name.endswith("_ok"):
            assert name[: -len("_ok")] in names, f"{name} has no firing twin"
        else:
            assert f"{name}_ok" in names or name.startswith("misc_"), f"{name} has no silent twin ({name}_ok)"
