"""Discovery: walk the given paths and sort files into server, client, test, doc and config roles.

Config files are read for module resolution: tsconfig/jsconfig and package.json files.
Honours nested `.gitignore` files (with pathspec), the configured excludes, and never
enters `.git`, `node_modules`, virtualenvs or build output. Follows directory symlinks
once each, so a symlink loop ends the walk of that branch instead of the run.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pathspec

from wscheck.config import Settings
from wscheck.facts import Role
from wscheck.replay import status

SERVER_SUFFIXES = frozenset({".py"})
CLIENT_SUFFIXES = frozenset({".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte"})
DOC_SUFFIXES = frozenset({".md", ".rst", ".adoc", ".txt"})
NOT_DOCS = ("requirements", "constraints", "license", "notice", "robots")
# tsconfig.json, tsconfig.app.json, tsconfig.base.json, jsconfig.json: where path aliases are set
CONFIG_WORDS = ("tsconfig", "jsconfig")
MANIFEST_NAME = "package.json"  # a package's name and entries: how a monorepo's packages import each other
TEST_DIR_NAMES = frozenset({"tests", "test", "testing", "__tests__", "e2e", "cypress"})  # `testing`: a package of test support (fixtures, servers)


@dataclass(frozen=True)
class SourceFile:
    path: str  # displayed: relative to the working directory where possible, POSIX
    abspath: str
    role: Role
    scan_root: str  # the given path this file was found under (for module names)


@dataclass(frozen=True)
class Discovery:
    files: tuple[SourceFile, ...]
    problems: tuple[str, ...]  # unreadable directories and the like, one line each
    # what the walk looked at besides the files, with its status before it looked: the
    # directories (an entry added or removed changes one), the .gitignore files, the
    # virtualenv markers that kept a directory out
    watched: tuple[tuple[str, object], ...] = ()


def display_path(abspath: str, cwd: str) -> str:
    folder, name = os.path.split(abspath)
    return _display_folder(folder, cwd) + name if name else Path(os.path.relpath(abspath, cwd)).as_posix()


@lru_cache(maxsize=4096)
def _display_folder(folder: str, cwd: str) -> str:
    """A directory as displayed, with its slash: once per directory, not once per file."""
    shown = Path(os.path.relpath(folder, cwd)).as_posix()
    return "" if shown == "." else shown + "/"


def is_test_file(rel_posix: str, settings: Settings) -> bool:
    parts = rel_posix.split("/")
    name = parts[-1]
    if any(part in TEST_DIR_NAMES for part in parts[:-1]):
        return True
    if name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"):
        return True
    stem_parts = name.split(".")
    if len(stem_parts) >= 3 and stem_parts[-2] in ("test", "spec"):
        return True
    return any(fnmatch.fnmatch(rel_posix, pattern) for pattern in settings.tests)


def is_config_file(name: str) -> bool:
    lowered = name.lower()
    return name == MANIFEST_NAME or (lowered.endswith(".json") and any(word in lowered for word in CONFIG_WORDS))


def classify(rel_posix: str, abspath: str, settings: Settings) -> Role | None:
    suffix = os.path.splitext(rel_posix)[1].lower()
    if suffix == ".json":
        # wherever it is: a client file below it (inside the client roots or not) follows it
        return Role.CONFIG if is_config_file(rel_posix.rpartition("/")[2]) else None
    if suffix in DOC_SUFFIXES or any(fnmatch.fnmatch(rel_posix, pattern) for pattern in settings.docs):
        name = rel_posix.rsplit("/", 1)[-1].lower()
        if suffix == ".txt" and name.startswith(NOT_DOCS):
            return None  # requirements.txt and friends list packages, not documentation
        return Role.DOC
    if suffix not in SERVER_SUFFIXES and suffix not in CLIENT_SUFFIXES:
        return None
    if is_test_file(rel_posix, settings):
        return Role.TEST
    if suffix in SERVER_SUFFIXES:
        return Role.SERVER if _inside(abspath, settings.server) else None
    return Role.CLIENT if _inside(abspath, settings.client) else None


def _inside(abspath: str, roots: tuple[str, ...]) -> bool:
    if not roots:
        return True
    return any(abspath == root or abspath.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


class _Ignores:
    """The stack of ignore specs in force in one directory: excludes plus .gitignore files."""

    def __init__(self, specs: tuple[tuple[str, pathspec.PathSpec], ...], names: frozenset[str] = frozenset()):
        self.specs = specs
        self.names = names  # plain names (`node_modules`, `dist`): a set lookup, no pattern matching

    def with_gitignore(self, directory: str) -> "_Ignores":
        gitignore = os.path.join(directory, ".gitignore")
        try:
            with open(gitignore, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return self
        return _Ignores(self.specs + ((directory, pathspec.GitIgnoreSpec.from_lines(lines)),), self.names)

    def ignored(self, abspath: str, is_dir: bool) -> bool:
        if os.path.basename(abspath) in self.names:
            return True
        for base, spec in self.specs:
            if not abspath.startswith(base + os.sep):
                continue
            rel = abspath[len(base) + 1 :].replace(os.sep, "/") + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


def discover(paths: list[Path], settings: Settings, cwd: str) -> Discovery:
    """Every file under `paths` with a role, in a stable order."""
    patterns = settings.exclude + settings.extend_exclude
    names = frozenset(p.strip("/") for p in patterns if not any(c in p.strip("/") for c in "/*?[]!\\"))
    excludes = pathspec.GitIgnoreSpec.from_lines([p for p in patterns if p.strip("/") not in names])
    found: dict[str, SourceFile] = {}
    problems: list[str] = []
    watched: list[tuple[str, object]] = []
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isfile(root):
            _add(found, root, os.path.dirname(root), cwd, settings)
            continue
        base = _Ignores(((root, excludes),), names)
        _walk(root, root, base, found, problems, watched, cwd, settings, visited=set())
    files = tuple(sorted(found.values(), key=lambda f: f.path))
    return Discovery(files, tuple(problems), tuple(watched))


def _add(found: dict[str, SourceFile], abspath: str, scan_root: str, cwd: str, settings: Settings, linked: bool = True) -> None:
    real = os.path.realpath(abspath) if linked else abspath  # resolve only what a symlink reached
    if real in found:
        return
    shown = display_path(abspath, cwd)
    relative = abspath[len(scan_root) + 1 :] if abspath.startswith(scan_root + os.sep) else os.path.relpath(abspath, scan_root)
    role = classify(relative.replace(os.sep, "/"), abspath, settings)
    if role is not None:
        found[real] = SourceFile(shown, abspath, role, scan_root)


def _walk(directory, scan_root, ignores, found, problems, watched, cwd, settings, visited) -> None:
    """Depth-first with an explicit stack: a very deep tree cannot exhaust the call stack."""
    pending = [(directory, ignores, False)]
    while pending:
        current, inherited, linked = pending.pop()
        try:
            real = os.path.realpath(current)
            if real in visited:
                continue  # a symlink loop or a second link to a directory already walked
            visited.add(real)
            watched.append((current, status(current)))
            gitignore = os.path.join(current, ".gitignore")
            if (read := status(gitignore)) is not None:
                watched.append((gitignore, read))
            scope = inherited.with_gitignore(current)
            with os.scandir(current) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            problems.append(f"{display_path(current, cwd)}: cannot read directory: {error.strerror}")
            continue
        for entry in children:
            try:
                is_dir = entry.is_dir()  # follows symlinks; loops are caught by `visited`
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if scope.ignored(entry.path, True):
                    continue
                marker = os.path.join(entry.path, "pyvenv.cfg")
                if os.path.isfile(marker):
                    watched.append((marker, status(marker)))
                else:
                    pending.append((entry.path, scope, linked or entry.is_symlink()))
            elif is_file and not scope.ignored(entry.path, False):
                _add(found, entry.path, scan_root, cwd, settings, linked or entry.is_symlink())
