"""Memory: the most a parse worker may allocate, held by a limit on its address space.

The time budget alone does not bound memory: in 10 s the stdlib parser can allocate
gigabytes for one 50 MB file (about 150 bytes per byte of source, libcst three times
that). A worker that reaches its limit fails an allocation — a MemoryError, or libcst's
native parser aborts — and its file is one WS001; the scan and the machine go on.
"""

from __future__ import annotations

import os
import sys

FLOOR = 1 << 30  # a worker may always take 1 GB: the files under the default size cap need far less
STATM = "/proc/self/statm"  # its first field: the address space in use, in pages


def allowance(jobs: int) -> int:
    """What each of `jobs` workers may allocate beyond what it inherits: an equal share of
    the machine's memory for each worker and for the parent, at least FLOOR; 0 where the
    machine does not say how much it has."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0
    return max(FLOOR, total // (max(1, jobs) + 1))


def cap(allowance: int) -> None:
    """In a worker: its address space limited to what it holds now (the parent's, shared
    by the fork) plus `allowance`. Linux only: elsewhere the limit is not enforced the same
    way (macOS) or does not exist, and the time budget is the only bound."""
    if allowance <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        import resource

        with open(STATM) as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = in_use + allowance
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:  # never loosen a limit the user set
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass


def exhausted(allowance: int) -> str:
    """The WS001 reason for a file whose parsing ran out of memory."""
    if allowance <= 0:
        return "ran out of memory; setting `max-file-size` skips files this big before they are parsed"
    return (
        f"ran out of memory: a parse worker may allocate {gigabytes(allowance)} (a share of this machine's memory); "
        "setting `max-file-size` skips files this big before they are parsed"
    )


def gigabytes(count: int) -> str:
    return f"{count / (1 << 30):.1f} GB"
