"""Replay: a warm `wscheck check` whose inputs have not changed prints the output the last
identical run printed, without importing click, the engine or a parser.

A record (written by `cache.recording`) holds one run's standard output, standard error
and exit status, and the status (`cache.status`) of everything that run read or looked at:
the directories it walked (a file added or removed changes its directory), the files it
discovered, the `.gitignore` and config files in force or that could have been, the
baseline, wscheck's own code and the installed packages. A record is found by what makes
the run what it is: the arguments, the working directory, the environment, the
interpreter. Only stdlib modules load before a record is found to hold, so a replay costs
interpreter start-up and the stats.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

TYPE_CHECKING = False  # typing costs a replay 10 ms of start-up: names for annotations only
if TYPE_CHECKING:
    from typing import TextIO

from wscheck import __version__
from wscheck.cache import directory, status

MAGIC = b"wscheck-replay 2\n"
_VOLATILE_ENV = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})  # differ between shells, change no output


def record_path(cwd: str, env: dict[str, str], identity: str) -> str:
    """Where this run's record lives: the cache directory chosen without reading any config
    (a run whose config moves the cache elsewhere is not recorded)."""
    return os.path.join(directory(cwd, env), "replay", _file_name(identity))


def identity(argv: list[str], cwd: str, env: dict[str, str], err: TextIO) -> str:
    kept = sorted((name, value) for name, value in env.items() if name not in _VOLATILE_ENV)
    return repr((__version__, sys.executable, sys.version, argv, cwd, kept, (False, is_terminal(err))))


def _file_name(identity: str) -> str:
    """Two checksums, not a cryptographic hash (hashlib costs 5 ms of start-up): the record
    holds its identity whole, and a replay compares it."""
    data = identity.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def replayed(argv: list[str], cwd: str, env: dict[str, str], out: TextIO, err: TextIO) -> int | None:
    """The exit status after writing the recorded output, or None (nothing written) when no
    record holds for this run."""
    if is_terminal(out):
        return None
    expected = identity(argv, cwd, env, err)
    try:
        with open(record_path(cwd, env, expected), "rb") as handle:
            data = handle.read()
        if not data.startswith(MAGIC):
            return None
        recorded_identity, stdout, stderr, exit_status, watched = marshal.loads(data[len(MAGIC):])
    except Exception:  # absent, unreadable, corrupt or foreign: the run happens instead
        return None
    if recorded_identity != expected:
        return None
    for watched_path, then in watched:
        if status(watched_path) != then:
            return None
    out.write(stdout)
    out.flush()
    err.write(stderr)
    err.flush()
    return exit_status
