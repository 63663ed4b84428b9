"""Discovery: walk the given paths and sort files into server, client, test, doc and config roles.

Honours nested `.gitignore` files (with pathspec), the configured excludes, and never
enters `.git`, `node_modules`, virtualenvs or build output; vendored directories and
built file names are left out and counted (wscheck.vendored). Follows directory symlinks
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
from wscheck.vendored import VENDORED_DIRS, Skipped, Vendoring, built_name

SERVER_SUFFIXES = frozenset({".py"})
CLIENT_SUFFIXES = frozenset({".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte"})
DOC_SUFFIXES = frozenset({".md", ".rst", ".adoc", ".txt"})
NOT_DOCS = ("requirements", "constraints", "license", "notice", "robots")
# tsconfig.json, tsconfig.app.json, tsconfig.base.json, jsconfig.json: where path aliases are set
CONFIG_WORDS = ("tsconfig", "jsconfig")
TEST_DIR_NAMES = frozenset({"tests", "test", "testing", "__tests__", "e2e", "cypress"})  # `testing`: a package of test support (fixtures, servers)


@dataclass(frozen=True)
class SourceFile:
    path: str  # displayed: relative to the working directory where possible, POSIX
    abspath: str
    role: Role
    scan_root: str  # the given path this file was found under (for module names)
    included: bool = False  # named by `include` or on the command line: kept even if it looks built


@dataclass(frozen=True)
class Discovery:
    files: tuple[SourceFile, ...]
    problems: tuple[str, ...]  # unreadable directories and the like, one line each
    # what the walk looked at besides the files, with its status before it looked: the
    # directories (an entry added or removed changes one), the .gitignore files, the
    # virtualenv markers that kept a directory out
    watched: tuple[tuple[str, object], ...] = ()
    skipped: tuple[Skipped, ...] = ()  # vendored directories and built files left out


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
    return lowered.endswith(".json") and any(word in lowered for word in CONFIG_WORDS)


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
    walk = _Walk(settings, cwd, Vendoring(settings.include, settings.server + settings.client))
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isfile(root):  # a file named on the command line is scanned as given
            walk.add(root, os.path.dirname(root), vendored=False, included=True)
            continue
        base = _Ignores(((root, excludes),), names)
        walk.walk(root, base)
    files = tuple(sorted(walk.found.values(), key=lambda f: f.path))
    skipped = tuple(sorted(walk.skipped, key=lambda s: s.path))
    return Discovery(files, tuple(walk.problems), tuple(walk.watched), skipped)


class _Walk:
    """One discovery's state: what it found, what it left out, what it looked at."""

    def __init__(self, settings: Settings, cwd: str, vendoring: Vendoring) -> None:
        self.settings = settings
        self.cwd = cwd
        self.vendoring = vendoring
        self.found: dict[str, SourceFile] = {}
        self.problems: list[str] = []
        self.watched: list[tuple[str, object]] = []
        self.skipped: list[Skipped] = []
        self.visited: set[str] = set()

    def add(self, abspath: str, scan_root: str, vendored: bool, included: bool = False, linked: bool = True) -> None:
        """`vendored`: inside a vendored directory the walk entered for `include`'s sake."""
        real = os.path.realpath(abspath) if linked else abspath  # resolve only what a symlink reached
        if real in self.found:
            return
        relative = abspath[len(scan_root) + 1 :] if abspath.startswith(scan_root + os.sep) else os.path.relpath(abspath, scan_root)
        relative = relative.replace(os.sep, "/")
        role = classify(relative, abspath, self.settings)
        if role is None:
            return
        included = included or self.vendoring.named(relative)  # kept even if its bytes look built
        if not included and (vendored or built_name(relative)):
            why = "in a vendored directory" if vendored else "minified or bundled file name"
            self.skipped.append(Skipped(display_path(abspath, self.cwd), why))
            return
        self.found[real] = SourceFile(display_path(abspath, self.cwd), abspath, role, scan_root, included)

    def walk(self, scan_root: str, ignores: _Ignores) -> None:
        """Depth-first with an explicit stack: a very deep tree cannot exhaust the call stack."""
        self.visited = set()  # per given path, as a second path may reach a tree by another name
        pending = [(scan_root, ignores, False, False)]
        while pending:
            current, scope, linked, vendored = pending.pop()
            children = self._enter(current, scope)
            if children is None:
                continue
            scope = scope.with_gitignore(current)
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
                        self.watched.append((marker, status(marker)))
                        continue
                    inside = (vendored or entry.name in VENDORED_DIRS) and not self.vendoring.is_root(entry.path)
                    if inside and not self._reaches(entry.path, scan_root):
                        self.skipped.append(Skipped(display_path(entry.path, self.cwd) + "/", "vendored directory"))
                        continue
                    pending.append((entry.path, scope, linked or entry.is_symlink(), inside))
                elif is_file and not scope.ignored(entry.path, False):
                    self.add(entry.path, scan_root, vendored, linked=linked or entry.is_symlink())

    def _reaches(self, abspath: str, scan_root: str) -> bool:
        relative = abspath[len(scan_root) + 1 :].replace(os.sep, "/")
        return self.vendoring.reaches(relative, abspath)

    def _enter(self, current: str, scope: _Ignores):
        """The entries of a directory, sorted; None when it was walked already or cannot be read."""
        try:
            real = os.path.realpath(current)
            if real in self.visited:
                return None  # a symlink loop or a second link to a directory already walked
            self.visited.add(real)
            self.watched.append((current, status(current)))
            gitignore = os.path.join(current, ".gitignore")
            if (read := status(gitignore)) is not None:
                self.watched.append((gitignore, read))
            with os.scandir(current) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError as error:
            self.problems.append(f"{display_path(current, self.cwd)}: cannot read directory: {error.strerror}")
            return None
