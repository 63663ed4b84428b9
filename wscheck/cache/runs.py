"""Run cache: the report of the last scan of the same paths with the same settings, kept
with the manifest it was made from (`cache.manifest`): while the manifest is the same, so
is the report — the test `make` and ruff rely on. One entry per kind of scan, overwritten,
so it never grows."""

from __future__ import annotations

import pickle
from pathlib import Path

from wscheck.cache.entries import write_entry
from wscheck.cache.manifest import Manifest

_MAGIC = b"wscheck-run 1\n"


class RunCache:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def get(self, manifest: Manifest):
        try:
            data = (self.directory / "runs" / manifest.slot).read_bytes()
        except OSError:
            return None
        head = _head(manifest.digest)
        if not data.startswith(head):
            return None  # another manifest: something changed
        try:
            return pickle.loads(data[len(head):])
        except Exception:  # corrupt: the scan runs and overwrites it
            return None

    def put(self, manifest: Manifest, report) -> None:
        body = _head(manifest.digest) + pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        write_entry(self.directory, self.directory / "runs" / manifest.slot, body)


def _head(digest: str) -> bytes:
    return _MAGIC + digest.encode() + b"\n"
