"""Discovery: walk the given paths and sort files into server, client, test, doc and config roles.

Config files are read for module resolution: tsconfig/jsconfig and package.json files.
Honours nested `.gitignore` files (with pathspec), the configured excludes, and never
enters `.git`, `node_modules`, virtualenvs or build output; vendored directories and
built file names are left out and counted (wscheck.vendored). Follows a symlink only into
the scanned paths, and only to what the walk has not already found (wscheck.links); a
path given on the command line is followed wherever it leads.
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
from wscheck.filenames import printable
from wscheck.links import Links, is_link
from wscheck.cache import status
from wscheck.vendored import VENDORED_DIRS, Skipped, Vendoring, built_name

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
    links_skipped: tuple[str, ...] = ()  # symlinks not followed, and why (for --verbose)


def display_path(abspath: str, cwd: str) -> str:
    """As reports write it: relative, POSIX, an undecodable byte escaped (wscheck.filenames)."""
    folder, name = os.path.split(abspath)
    if not name:
        return printable(Path(os.path.relpath(abspath, cwd)).as_posix())
    return _display_folder(folder, cwd) + (name if name.isascii() else printable(name))  # no call for the usual name


@lru_cache(maxsize=4096)
def _display_folder(folder: str, cwd: str) -> str:
    """A directory as displayed, with its slash: once per directory, not once per file."""
    shown = printable(Path(os.path.relpath(folder, cwd)).as_posix())
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
    links = Links(tuple(os.path.realpath(p) for p in paths), lambda path: display_path(path, cwd))
    walk = _Walk(settings, cwd, Vendoring(settings.include, settings.server + settings.client), links)
    for given in paths:
        root = os.path.abspath(given)
        if os.path.isfile(root):  # a file named on the command line is scanned as given
            walk.add(root, os.path.realpath(root), os.path.dirname(root), vendored=False, included=True)
            continue
        walk.walk(root, os.path.realpath(root), root, _Ignores(((root, excludes),), names), vendored=False)
    # after every given path: a file is found where it is, a link to it then adds nothing
    for link in links.followed(walk.found):
        vendored = walk.in_vendored(link.path, link.scan_root)
        if link.is_dir:
            walk.walk(link.path, link.real, link.scan_root, link.ignores, vendored)
        else:
            walk.add(link.path, link.real, link.scan_root, vendored)
    files = tuple(sorted(walk.found.values(), key=lambda f: f.path))
    skipped = tuple(sorted(walk.skipped, key=lambda s: s.path))
    return Discovery(files, tuple(walk.problems), tuple(walk.watched), skipped, tuple(sorted(links.skipped)))


class _Walk:
    """One discovery's state: what it found (by real path: a file reached twice is one
    file), what it left out, what it looked at."""

    def __init__(self, settings: Settings, cwd: str, vendoring: Vendoring, links: Links) -> None:
        self.settings = settings
        self.cwd = cwd
        self.vendoring = vendoring
        self.links = links
        self.found: dict[str, SourceFile] = {}
        self.problems: list[str] = []
        self.watched: list[tuple[str, object]] = []
        self.skipped: list[Skipped] = []

    def add(self, abspath: str, real: str, scan_root: str, vendored: bool, included: bool = False) -> None:
        """`vendored`: inside a vendored directory the walk entered for `include`'s sake."""
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

    def in_vendored(self, abspath: str, scan_root: str) -> bool:
        """A link met inside a vendored directory (walked for `include`'s sake) stays vendored."""
        relative = os.path.relpath(os.path.dirname(abspath), scan_root).replace(os.sep, "/")
        return any(part in VENDORED_DIRS for part in relative.split("/"))

    def walk(self, directory: str, real: str, scan_root: str, ignores: _Ignores, vendored: bool) -> None:
        """Depth-first with an explicit stack: a very deep tree cannot exhaust the call stack.
        `real`: the directory's real path; below it, a child's is its parent's and its name
        (no realpath per file); a symlink met is handed to `links`, to be followed later."""
        pending = [(directory, real, ignores, vendored)]
        while pending:
            current, real, inherited, vendored = pending.pop()
            children = self._enter(current, real)
            if children is None:
                continue
            scope = inherited.with_gitignore(current)
            prefix = real.rstrip(os.sep) + os.sep
            for entry in children:
                linked = is_dir = is_file = False
                try:
                    linked = is_link(entry)  # free: the directory listing says so
                    is_dir = entry.is_dir()  # follows a symlink: its target decides
                    is_file = not is_dir and entry.is_file()
                except OSError:  # gone since the listing, or a loop of links
                    pass
                if is_dir:
                    if not scope.ignored(entry.path, True):
                        self._directory(entry, prefix, scan_root, scope, linked, vendored, pending)
                elif is_file and not linked:
                    if not scope.ignored(entry.path, False):
                        self.add(entry.path, prefix + entry.name, scan_root, vendored)
                elif linked and not scope.ignored(entry.path, False):  # to a file, or dangling
                    self.links.meet(entry.path, scan_root, scope, is_dir=False)

    def _directory(self, entry, prefix: str, scan_root: str, scope, linked: bool, vendored: bool, pending: list) -> None:
        marker = os.path.join(entry.path, "pyvenv.cfg")
        if os.path.isfile(marker):
            self.watched.append((marker, status(marker)))
            return
        inside = (vendored or entry.name in VENDORED_DIRS) and not self.vendoring.is_root(entry.path)
        if inside and not self._reaches(entry.path, scan_root):
            self.skipped.append(Skipped(display_path(entry.path, self.cwd) + "/", "vendored directory"))
        elif linked:
            self.links.meet(entry.path, scan_root, scope, is_dir=True)
        else:
            pending.append((entry.path, prefix + entry.name, scope, inside))

    def _reaches(self, abspath: str, scan_root: str) -> bool:
        relative = abspath[len(scan_root) + 1 :].replace(os.sep, "/")
        return self.vendoring.reaches(relative, abspath)

    def _enter(self, current: str, real: str):
        """The entries of a directory, sorted; None when it was walked already or cannot be read."""
        if real in self.links.visited:
            return None  # reached before through a link into the tree
        self.links.visited.add(real)
        try:
            self.watched.append((current, status(current)))
            gitignore = os.path.join(current, ".gitignore")
            if (read := status(gitignore)) is not None:
                self.watched.append((gitignore, read))
            with os.scandir(current) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError as error:
            self.problems.append(f"{display_path(current, self.cwd)}: cannot read directory: {error.strerror}")
            return None
