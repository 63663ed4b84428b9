"""The `wscheck` command: replay the last identical run's output when nothing it looked at
has changed (wscheck.replay, stdlib only), else run the command line (wscheck.cli)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    argv = sys.argv[1:]
    try:
        cwd = os.getcwd()
    except OSError:  # the working directory is gone: the command line says so
        cwd = None
    if cwd is not None:
        from wscheck import replay

        try:
            status = replay.replayed(argv, cwd, dict(os.environ), sys.stdout, sys.stderr)
        except BrokenPipeError:  # `wscheck | head`: the reader left
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        if status is not None:
            sys.exit(status)
    from wscheck.cli import Invocation, main as command_line

    command_line(args=argv, obj=Invocation(tuple(argv), cwd) if cwd is not None else None)
