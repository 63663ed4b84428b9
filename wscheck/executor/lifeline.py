"""Lifeline: a forked helper (a parse worker, a part of a pass) dies with the process that forked it.

Whatever ends the parent (kill -9, an interrupt, a crash), its helpers must not live on:
one blocked on its task pipe would wait forever (a sibling forked later holds the pipe's
other end open), and one holding the caller's stdout keeps a CI step or a pipe reader
waiting for an end of file that never comes. So a helper, first thing, lets go of the
standard streams and asks to be killed with its parent: Linux's parent-death signal,
elsewhere a thread that watches who its parent is.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.25  # how often a helper without the death signal looks at its parent


def bind_to_parent(parent: int) -> None:
    """In a freshly forked helper of `parent` (its pid, read before the fork): after this,
    it holds none of the parent's standard streams and dies when the parent does."""
    _let_go_of_streams()
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), name="wscheck-lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for: it will never come
        os._exit(1)


def _let_go_of_streams() -> None:
    """stdin, stdout and stderr on /dev/null: what the parent has not flushed yet is not
    written twice, and the caller sees the end of its output when the parent exits."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    for descriptor in (0, 1, 2):
        try:
            os.dup2(devnull, descriptor)
        except OSError:
            pass
    os.close(devnull)


def _death_signal() -> bool:
    """Linux: SIGKILL as soon as the parent exits, however it exits. (It is the forking
    thread's exit that counts: the workers and the forked parts start from the thread that waits for
    them, which outlives them.)"""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(ctypes.c_int(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
    except (OSError, AttributeError, ImportError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:  # an orphan is adopted by another process: its parent id changes
        time.sleep(WATCH_SECONDS)
    os._exit(1)
