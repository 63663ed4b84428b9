"""The README's Install, for real: build the wheel from the sources, install it into a fresh
virtualenv, and run the installed `wscheck` on the post-mortem example.

Slow (a wheel build and a virtualenv: about 10 s); still part of `make test`. wscheck itself
comes only from the wheel just built (`--no-index`); its dependencies come from the environment
running the tests, so nothing but the build backend (setuptools, when the one here is too old)
is fetched from the package index.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

# A wheel needs no more than this (pyproject.toml names README.md as the long description).
SOURCES = ("pyproject.toml", "README.md", "wscheck")
NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
# Distributions of the test environment the fresh one must not see: wscheck itself (installed
# editable here), and the installers the new virtualenv brings its own copies of.
OWN = ("wscheck", "__editable__", "_wscheck", "pip", "setuptools", "_distutils_hack", "distutils-precedence")


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def build_wheel(tmp_path: Path) -> Path:
    """The wheel, built from a copy of the sources (a build writes build/ and *.egg-info beside them)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        shutil.copytree(origin, source / name, ignore=NOT_COPIED) if origin.is_dir() else shutil.copy2(origin, source)
    dist = tmp_path / "dist"
    if importlib.util.find_spec("build") is not None:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)]
    else:  # the `test` extra brings `build`; pip alone builds a wheel too
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dist), str(source)]
    built = run(*command, cwd=tmp_path)
    output = built.stdout + built.stderr
    if built.returncode != 0 and "setuptools" in output and any(
        sign in output for sign in ("No matching distribution", "Could not find a version", "NewConnectionError", "Network is unreachable")
    ):
        pytest.skip("building the wheel needs setuptools>=77 from the package index, which cannot be reached")
    assert built.returncode == 0, output
    (wheel,) = dist.glob("wscheck-*.whl")
    return wheel


def dependencies_of_this_environment(tmp_path: Path) -> Path:
    """A folder of links to this environment's installed distributions, wscheck's and the
    installers' left out: the fresh virtualenv reads it through a .pth file, after its own."""
    folder = tmp_path / "dependencies"
    folder.mkdir()
    sites = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    if site.ENABLE_USER_SITE:
        sites.append(site.getusersitepackages())
    for folder_of_site in dict.fromkeys(sites):
        if not os.path.isdir(folder_of_site):
            continue
        for entry in Path(folder_of_site).iterdir():
            if entry.name.startswith(OWN) or entry.suffix == ".pth" or (folder / entry.name).exists():
                continue
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


def test_the_built_wheel_installs_and_finds_the_incident(tmp_path):
    wheel = build_wheel(tmp_path)
    packaged = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "wscheck").rglob("*") if p.is_file() and p.suffix in (".py", ".typed")}
    assert sources - packaged == set(), "modules the wheel leaves out (a package without __init__.py?)"

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    (Path(purelib) / "wscheck-test-dependencies.pth").write_text(f"{dependencies_of_this_environment(tmp_path)}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env |= {"WSCHECK_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "160"}

    # wscheck from the wheel only; every dependency it declares must already be there
    installed = run(python, "-m", "pip", "install", "--no-index", "--find-links", wheel.parent, "--disable-pip-version-check",
                    "wscheck", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = run(python, "-c", "import wscheck; print(wscheck.__file__)", cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(environment), where.stdout + where.stderr

    scan = run(environment / "bin" / "wscheck", "examples/postmortem", env=env)
    assert scan.returncode == 1, scan.stdout + scan.stderr  # findings: the incident is caught
    assert "examples/postmortem/app/server/routes/websocket_routes.py:84:1: WS101 endpoint /api/v1/ws/system-status" in scan.stdout
    assert "websocket_routes.py:94:1: WS101 endpoint /api/v1/ws/webhook-status" in scan.stdout
    assert "Broadcasting coverage:  6/8 endpoints (75%)" in scan.stdout
    fixed = run(environment / "bin" / "wscheck", "examples/postmortem-fixed", "--quiet", env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
