"""Manifest: what a scan's report was made from — which scan it is (the paths, settings and
working directory) and the status of everything it read or looked at: every discovered
file, the directories walked and the ignore files in force (`Discovery.watched`), the
walk's problems, and wscheck's own code (`own_code`, the one fingerprint of it: a replay
watches it too). While the manifest is the same, the report is (`cache.runs`); its inputs
are what a replay watches."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wscheck import __version__
from wscheck import cache
from wscheck.config import Settings
from wscheck.demand.tasks import FACTS_SCHEMA
from wscheck.discovery import Discovery


@dataclass(frozen=True)
class Manifest:
    slot: str  # which scan this is: paths, settings, working directory
    digest: str  # what it read: every discovered file's status, the walk's problems, wscheck's code
    inputs: tuple[tuple[str, object], ...]  # everything the walk and the scan looked at, with its status


def scan_manifest(paths: list[Path], settings: Settings, cwd: str, discovery: Discovery) -> Manifest | None:
    """None when a file cannot be looked at (the scan then says why)."""
    slot = hashlib.sha256(repr((__version__, [str(p) for p in paths], cwd, settings)).encode()).hexdigest()[:32]
    digest = hashlib.sha256(code_fingerprint().encode("utf-8", "surrogatepass"))
    files = []
    for file in discovery.files:
        found = cache.status(file.abspath)
        if found is None:
            return None
        files.append((file.abspath, found))
        digest.update(f"{file.path}\0{file.abspath}\0{file.role.value}\0{found}\n".encode("utf-8", "surrogatepass"))
    digest.update(repr(discovery.problems).encode("utf-8", "surrogatepass"))
    return Manifest(slot, digest.hexdigest(), discovery.watched + tuple(files))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """wscheck's own code as this process found it: a changed checkout (an editable install)
    or another parser installed must not reuse a report another wscheck made."""
    return repr((__version__, FACTS_SCHEMA, cache.statuses(own_code())))


def own_code() -> list[str]:
    """wscheck's source files and directories, and the directories packages are installed
    in (installing or upgrading one adds or removes an entry there)."""
    import sysconfig

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found: list[str] = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found.append(folder)
        found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    paths = sysconfig.get_paths()
    found += sorted({paths["purelib"], paths["platlib"]})
    return found
