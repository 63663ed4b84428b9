"""Replay: a warm `wscheck check` whose inputs have not changed prints the output the last
identical run printed, without importing click, the engine or a parser.

A record holds one run's standard output, standard error and exit status, and the status
(size, modification and change time, inode) of everything that run read or looked at: the
directories it walked (a file added or removed changes its directory), the files it
discovered, the `.gitignore` and config files in force or that could have been, the
baseline, wscheck's own code and the installed packages. A record is found by what makes
the run what it is: the arguments, the working directory, the environment, the
interpreter. Only runs whose whole output is those two streams are recorded (no `--output`
file, no `--verbose` timings, no git revision, no terminal); and only stdlib modules load
before a record is found to hold, so a replay costs interpreter start-up and the stats.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

TYPE_CHECKING = False  # typing costs a replay 10 ms of start-up: names for annotations only
if TYPE_CHECKING:
    from typing import Iterable, TextIO

from wscheck import __version__

_MAGIC = b"wscheck-replay 2\n"
_KEPT = 32  # records kept per cache directory (one per distinct command line and environment)
_VOLATILE_ENV = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})  # differ between shells, change no output
DEFAULT_DIR = ".wscheck_cache"  # cache.DEFAULT_DIR, repeated: a replay imports nothing of the cache (a test holds them equal)


def status(path: str) -> tuple[int, int, int, int] | None:
    """What changes when a file or directory is written, created or removed; None: absent."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def statuses(paths: Iterable[str]) -> tuple[tuple[str, tuple[int, int, int, int] | None], ...]:
    return tuple((path, status(path)) for path in paths)


def directory(cwd: str, env: dict[str, str]) -> str:
    """Where records live: the cache directory chosen without reading any config (a run
    whose config moves the cache elsewhere is not recorded)."""
    return os.path.abspath(os.path.join(cwd, env.get("WSCHECK_CACHE_DIR") or DEFAULT_DIR))


def _identity(argv: list[str], cwd: str, env: dict[str, str], streams: tuple[bool, bool]) -> str:
    kept = sorted((name, value) for name, value in env.items() if name not in _VOLATILE_ENV)
    return repr((__version__, sys.executable, sys.version, argv, cwd, kept, streams))


def _file_name(identity: str) -> str:
    """Two checksums, not a cryptographic hash (hashlib costs 5 ms of start-up): the record
    holds its identity whole, and a replay compares it."""
    data = identity.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def replayed(argv: list[str], cwd: str, env: dict[str, str], out: TextIO, err: TextIO) -> int | None:
    """The exit status after writing the recorded output, or None (nothing written) when no
    record holds for this run."""
    if _is_terminal(out):
        return None
    identity = _identity(argv, cwd, env, (False, _is_terminal(err)))
    path = os.path.join(directory(cwd, env), "replay", _file_name(identity))
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if not data.startswith(_MAGIC):
            return None
        recorded_identity, stdout, stderr, exit_status, watched = marshal.loads(data[len(_MAGIC):])
    except Exception:  # absent, unreadable, corrupt or foreign: the run happens instead
        return None
    if recorded_identity != identity:
        return None
    for watched_path, then in watched:
        if status(watched_path) != then:
            return None
    out.write(stdout)
    out.flush()
    err.write(stderr)
    err.flush()
    return exit_status


def record(argv: list[str], cwd: str, env: dict[str, str], out: TextIO, err: TextIO, stdout: str, stderr: str,
           exit_status: int, watched: Iterable[tuple[str, object]]) -> None:
    """Keep this run's output for the next identical run (best effort: a failure to write
    costs speed next time, never this run)."""
    from wscheck.cache import write_entry

    if _is_terminal(out):
        return
    watched = tuple(watched) + statuses(_own_and_installed_code())
    identity = _identity(argv, cwd, env, (False, _is_terminal(err)))
    body = _MAGIC + marshal.dumps((identity, stdout, stderr, exit_status, watched))
    root = directory(cwd, env)
    target = os.path.join(root, "replay", _file_name(identity))
    if write_entry(root, target, body):
        _prune(os.path.dirname(target))


def _own_and_installed_code() -> list[str]:
    """wscheck's source files and directories, and the directories packages are installed
    in (installing or upgrading one adds or removes an entry there)."""
    import sysconfig

    package = os.path.dirname(os.path.abspath(__file__))
    found: list[str] = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found.append(folder)
        found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    paths = sysconfig.get_paths()
    found += sorted({paths["purelib"], paths["platlib"]})
    return found


def _prune(folder: str) -> None:
    try:
        entries = sorted((e.stat().st_mtime_ns, e.path) for e in os.scandir(folder) if not e.name.startswith("."))
    except OSError:
        return
    for _, stale in entries[:-_KEPT]:
        try:
            os.unlink(stale)
        except OSError:
            pass
