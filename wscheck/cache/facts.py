"""Facts cache: each file's facts on disk, keyed by the file's bytes, wscheck's version and
every option the facts depend on (`Task.cache_key`). An entry that cannot be read back —
corrupt, truncated, or not ours — is ignored and rebuilt."""

from __future__ import annotations

import pickle
from pathlib import Path

from wscheck.cache.entries import write_entry

_MAGIC = b"wscheck-facts 1\n"


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
