"""Entries: how the cache directory is written. Each entry goes to a temporary file that is
then renamed into place, so an interrupted run or two runs at once (a pre-commit hook and
an editor) never leave half an entry; the directory carries the markers that keep it out
of git and of backups."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_README = "wscheck's cache of per-file facts and of the last scans: safe to delete at any time.\n"


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
