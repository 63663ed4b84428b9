"""Cache: per-file facts on disk, keyed by the file's bytes, wscheck's version and every
option the facts depend on (`Task.cache_key`).

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
_README = "wscheck's cache of per-file facts: safe to delete at any time.\n"


class FactCache:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.entries = self.directory / "facts"
        self.hits = 0
        self.writes = 0
        self._ready = False

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
        try:
            self._prepare()
            path = self._path(key)
            path.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_MAGIC + pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(temporary, path)
            except BaseException:
                _remove(temporary)
                raise
            self.writes += 1
        except OSError:
            pass  # a read-only or full disk costs speed next time, never this run

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / key[2:]

    def _prepare(self) -> None:
        if self._ready:
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "*\n"), ("README", _README), ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n")):
            target = self.directory / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")
        self._ready = True


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
