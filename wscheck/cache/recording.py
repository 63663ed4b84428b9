"""Recording: a run on its way to a replay record (`cache.replay`). The command line starts
one for a run whose whole output is standard output and error; what the run looks at
before the scan (config files, the baseline) is watched as it is then, the scan adds what
it looked at, and the output is kept at the end — if the scan could list its inputs and
its cache is where a replay looks (a config that moves it elsewhere is not read by a
replay). Best effort: a failure to write costs speed next time, never this run."""

from __future__ import annotations

import marshal
import os
from typing import Callable, Iterable, Mapping, TextIO

from wscheck import cache
from wscheck.cache.entries import write_entry
from wscheck.cache.replay import MAGIC, identity, is_terminal, record_path
from wscheck.cache import manifest

KEPT = 32  # records kept per cache directory (one per distinct command line and environment)


class Recording:
    def __init__(self, argv: Iterable[str], cwd: str, env: Mapping[str, str]) -> None:
        self.argv, self.cwd, self.env = list(argv), cwd, dict(env)
        self.watched: tuple[tuple[str, object], ...] = ()
        self.inputs: tuple[tuple[str, object], ...] = ()  # the scan's, when it could list them
        self.cache_dir: str | None = None  # the scan's

    def watch(self, paths: Iterable[str]) -> None:
        """The paths as they are now: a change from now on is seen by the next run."""
        self.watched += cache.statuses(paths)

    def scanned(self, cache_dir: str | None, inputs: Iterable[tuple[str, object]]) -> None:
        """What the scan looked at, with its status (`cache.manifest`), and its cache."""
        self.cache_dir, self.inputs = cache_dir, tuple(inputs)

    def keep(self, render: Callable[[], tuple[str, str]], exit_status: int, out: TextIO, err: TextIO) -> None:
        """Keep the output `render` gives (stdout, stderr) for the next identical run."""
        if not self.inputs or self.cache_dir != cache.directory(self.cwd, self.env) or is_terminal(out):
            return
        stdout, stderr = render()
        watched = self.watched + self.inputs + cache.statuses(manifest.own_code())
        run = identity(self.argv, self.cwd, self.env, err)
        target = record_path(self.cwd, self.env, run)
        if write_entry(self.cache_dir, target, MAGIC + marshal.dumps((run, stdout, stderr, exit_status, watched))):
            _prune(os.path.dirname(target))


def _prune(folder: str) -> None:
    try:
        entries = sorted((e.stat().st_mtime_ns, e.path) for e in os.scandir(folder) if not e.name.startswith("."))
    except OSError:
        return
    for _, stale in entries[:-KEPT]:
        try:
            os.unlink(stale)
        except OSError:
            pass
