"""History: the project as it was at a git revision, scanned like the current tree.

`--new-since REF` reads the tree at REF straight from git's object store (`git ls-tree`,
`git cat-file --batch`) into a temporary directory, never touching the working tree or
the index, scans it with the same settings and the same relative paths, and hands back
the fingerprints found there, so that the current run reports only what is new.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from wscheck.config import ConfigError, Settings
from wscheck.discovery import CLIENT_SUFFIXES, DOC_SUFFIXES, SERVER_SUFFIXES
from wscheck.report import Report, fingerprint

WANTED_SUFFIXES = SERVER_SUFFIXES | CLIENT_SUFFIXES | DOC_SUFFIXES
WANTED_NAMES = frozenset({".gitignore", "pyvenv.cfg"})  # what discovery reads besides sources


class GitError(ConfigError):
    """Not a git repository, an unknown revision, no git: one line, exit status 2."""


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, input=stdin, capture_output=True)
    except FileNotFoundError:
        raise GitError("--new-since needs git, and git is not installed") from None


def repository_root(path: Path) -> str:
    directory = path if path.is_dir() else path.parent
    done = _git(["rev-parse", "--show-toplevel"], str(directory.resolve()))
    if done.returncode != 0:
        raise GitError(f"--new-since: not a git repository: {path}")
    return os.path.realpath(done.stdout.decode().strip())


def resolve(ref: str, top: str) -> str:
    """The commit `ref` names, or a one-line error (with a hint for shallow clones)."""
    done = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top) if not ref.startswith("-") else None
    if done is None or done.returncode != 0:
        shallow = _git(["rev-parse", "--is-shallow-repository"], top).stdout.strip() == b"true"
        hint = " (this is a shallow clone: fetch more history, e.g. actions/checkout with fetch-depth: 0)" if shallow else ""
        raise GitError(f"--new-since: unknown git revision '{ref}'{hint}")
    return done.stdout.decode().strip()


def materialise(top: str, commit: str, pathspecs: list[str], dest: str, keep_all: bool) -> int:
    """Write the files under `pathspecs` at `commit` into `dest`; how many were written."""
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *pathspecs], top)
    if listing.returncode != 0:
        raise GitError(f"--new-since: git ls-tree failed: {listing.stderr.decode(errors='replace').strip()}")
    blobs: list[tuple[str, str, str]] = []  # (mode, object id, path)
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = os.fsdecode(raw_path)
        if kind == "blob" and (keep_all or _wanted(path)):
            blobs.append((mode, oid, path))
    _write_blobs(top, blobs, dest)
    return len(blobs)


def _wanted(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in WANTED_NAMES or os.path.splitext(name)[1].lower() in WANTED_SUFFIXES


def _write_blobs(top: str, blobs: list[tuple[str, str, str]], dest: str) -> None:
    if not blobs:
        return
    try:
        process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except FileNotFoundError:
        raise GitError("--new-since needs git, and git is not installed") from None

    def feed() -> None:  # a thread, so that neither pipe can fill up and stall the other
        try:
            process.stdin.write(b"".join(f"{oid}\n".encode() for _, oid, _ in blobs))
        finally:
            process.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    root = os.path.realpath(dest)
    try:
        for mode, _, path in blobs:
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"--new-since: git cat-file could not read {path}")
            content = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            target = os.path.normpath(os.path.join(root, path))
            if not target.startswith(root + os.sep):
                continue  # git never stores such paths; refuse them all the same
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if mode == "120000":
                os.symlink(os.fsdecode(content), target)
            else:
                with open(target, "wb") as handle:
                    handle.write(content)
    finally:
        process.stdout.close()
        feeder.join()
        process.wait()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _moved(directory: str, top: str, copy: str) -> str:
    real = os.path.realpath(directory)
    return os.path.join(copy, os.path.relpath(real, top)) if _inside(real, top) else directory


@dataclass(frozen=True)
class Revision:
    name: str  # as given: `main`, `HEAD~3`, `origin/main`
    commit: str
    top: str  # the repository's root, resolved


def locate(ref: str, paths: list[Path]) -> Revision:
    """Check early (before any scan) that `ref` names a commit of the repository holding `paths`."""
    top = repository_root(paths[0])
    for path in paths:
        if not _inside(os.path.realpath(path), top):
            raise GitError(f"--new-since: {path} is outside the git repository {top}")
    return Revision(ref, resolve(ref, top), top)


def fingerprints_at(revision: Revision, paths: list[Path], settings: Settings, cwd: str) -> Counter[str]:
    """The fingerprints of the findings in `paths` as they were at `revision`, under the file
    names they would have in the current tree (so that both sides line up)."""
    from wscheck.engine import scan

    top = revision.top
    relative = [Path(os.path.relpath(os.path.realpath(path), top)).as_posix() for path in paths]
    real_cwd = os.path.realpath(cwd)
    with tempfile.TemporaryDirectory(prefix="wscheck-new-since-") as copy:
        materialise(top, revision.commit, relative, copy, keep_all=bool(settings.docs or settings.tests))
        for rel, path in zip(relative, paths):
            if path.is_dir():
                os.makedirs(os.path.join(copy, rel), exist_ok=True)  # absent at REF: an empty tree
        old_cwd = _moved(real_cwd, top, copy) if _inside(real_cwd, top) else copy
        old_settings = replace(
            settings,
            server=tuple(_moved(d, top, copy) for d in settings.server),
            client=tuple(_moved(d, top, copy) for d in settings.client),
        )
        report = scan([Path(copy, rel) for rel in relative], old_settings, old_cwd)
        return Counter(fingerprint(_relocated(f, old_cwd, copy, top, real_cwd)) for f in report.findings)


def _relocated(finding, old_cwd: str, copy: str, top: str, cwd: str):
    """The finding as if found in the working tree (identity when cwd is inside it)."""
    in_repo = os.path.relpath(os.path.normpath(os.path.join(old_cwd, finding.location.file)), copy)
    shown = Path(os.path.relpath(os.path.join(top, in_repo), cwd)).as_posix()
    return finding if shown == finding.location.file else replace(finding, location=replace(finding.location, file=shown))


def apply(report: Report, revision: Revision, paths: list[Path], cwd: str) -> Report:
    """The report without the findings that were already there at `revision`."""
    from wscheck.baseline import subtract

    kept, matched, _ = subtract(report.findings, fingerprints_at(revision, paths, report.settings, cwd))
    return replace(report, findings=kept, preexisting=report.preexisting + matched)
