"""Cache: what wscheck keeps between runs, in one directory — each file's facts
(`cache.facts`), the last report of each kind of scan (`cache.runs`) and the output of the
last identical runs (`cache.replay`, `cache.recording`) — each entry good while what it was
made from (`cache.manifest`) keeps the status it had.

Light on purpose, as `cache.replay` is: a replay loads these two before anything else, and
nothing more (no typing, no hashlib).
"""

import os

DEFAULT_DIR = ".wscheck_cache"
ENVIRONMENT = "WSCHECK_CACHE_DIR"


def directory(cwd, env, configured=None):
    """Where the cache lives, as ruff finds it: the environment (WSCHECK_CACHE_DIR), then the
    config's `cache-dir`, then the working directory."""
    return os.path.abspath(os.path.join(cwd, env.get(ENVIRONMENT) or configured or DEFAULT_DIR))


def status(path):
    """What changes when a file or directory is written, created or removed (size,
    modification and change time, inode); None: absent."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def statuses(paths):
    """(path, status) of each path, as it is now."""
    return tuple((path, status(path)) for path in paths)
