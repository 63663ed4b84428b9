"""Cache: per-file facts on disk, keyed by the file's bytes, wscheck's version and every
option the facts depend on (`Task.cache_key`); and the last result of each scan, reused
whole while no file it discovered changed size or modification time (`RunCache`).

Each entry is written to a temporary file and renamed into place, so an interrupted run
or two runs at once (a pre-commit hook and an editor) never leave half an entry; an entry
that cannot be read back — corrupt, truncated, or not ours — is ignored and rebuilt.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

DEFAULT_DIR = ".wscheck_cache"
_MAGIC = b"wscheck-facts 1\n"
_RUN_MAGIC = b"wscheck-run 1\n"
_README = "wscheck's cache of per-file facts and of the last scans: safe to delete at any time.\n"


class FactCache:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.entries = self.directory / "facts"
        self.hits = 0
        self.writes = 0

    def get(self, key: str):
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data.startswith(_MAGIC):
            return None
        try:
            facts = pickle.loads(data[len(_MAGIC):])
        except Exception:  # corrupt or foreign: rebuilt and overwritten
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts) -> None:
        if write_entry(self.directory, self._path(key), _MAGIC + pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)):
            self.writes += 1

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / key[2:]


class RunCache:
    """The report of the last scan of the same paths with the same settings, kept with the
    manifest it was made from (every discovered file's size and modification time, and
    wscheck's own code): while the manifest is the same, so is the report — the test
    `make` and ruff rely on. One entry per kind of scan, overwritten, so it never grows."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def get(self, slot: str, manifest: str):
        try:
            data = (self.directory / "runs" / slot).read_bytes()
        except OSError:
            return None
        head = _run_head(manifest)
        if not data.startswith(head):
            return None  # another manifest: something changed
        try:
            return pickle.loads(data[len(head):])
        except Exception:  # corrupt: the scan runs and overwrites it
            return None

    def put(self, slot: str, manifest: str, report) -> None:
        body = _run_head(manifest) + pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        write_entry(self.directory, self.directory / "runs" / slot, body)


def _run_head(manifest: str) -> bytes:
    return _RUN_MAGIC + manifest.encode() + b"\n"


def write_entry(directory: str | Path, path: str | Path, data: bytes) -> bool:
    """Write an entry whole or not at all (a temporary file, then a rename)."""
    directory, path = Path(directory), Path(path)
    try:
        _prepare(directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            _remove(temporary)
            raise
        return True
    except OSError:
        return False  # a read-only or full disk costs speed next time, never this run


def prepare_directory(directory: str | Path) -> bool:
    """The cache directory with its markers; False where it cannot be made (a read-only disk)."""
    try:
        _prepare(Path(directory))
        return True
    except OSError:
        return False


def _prepare(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", "*\n"), ("README", _README), ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n")):
        target = directory / name
        if not target.exists():
            target.write_text(text, encoding="utf-8")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
