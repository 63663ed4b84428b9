"""Module names from paths: what `import` statements in the scanned code resolve against."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from wscheck.modules import python_module_name


@dataclass
class File:
    path: str
    abspath: str
    scan_root: str


@pytest.mark.parametrize(
    "abspath, root, expected",
    [
        ("/app/src/pkg/mod.py", "/app/src", ("pkg.mod", False)),
        ("/app/src/pkg/__init__.py", "/app/src", ("pkg", True)),
        ("/app/src/__init__.py", "/app/src", ("__init__", True)),  # the root's own package file
        ("/app/src/mod.py", "/app/src", ("mod", False)),
        ("/app/src/mod.py", "/app/src/", ("mod", False)),  # a root given with its slash
        ("/mod.py", "/", ("mod", False)),
        ("/app/src/pkg/a.b.py", "/app/src", ("pkg.a.b", False)),  # only the last suffix goes
        ("/app/src/pkg/.env", "/app/src", ("pkg..env", False)),  # a dot file has no suffix
        ("/app/src/pkg/name.", "/app/src", ("pkg.name.", False)),  # nor has a trailing dot
        ("/app/srcx/mod.py", "/app/src", ("srcx.mod", False)),  # not under it: the shown path
        ("/app/src/mod.py", "/app/src/mod.py", ("mod", False)),  # a file given on its own
    ],
)
def test_module_name_from_the_path_under_the_scan_root(abspath, root, expected):
    shown = abspath.rsplit("/", 1)[-1] if abspath == root else abspath[len("/app/") :]
    assert python_module_name(File(shown, abspath, root)) == expected
