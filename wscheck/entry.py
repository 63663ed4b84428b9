"""The `wscheck` command: replay the last identical run's output when nothing it looked at
has changed (wscheck.cache.replay, stdlib only), else run the command line (wscheck.cli)."""

from __future__ import annotations

import os
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C (wscheck.cli says so too)
REPEAT_SECONDS = 0.5  # how soon an interrupt Python dropped is raised again


def main() -> None:
    """Ctrl-C at any moment is one line and exit 130: the command line reports the
    interrupts that reach it, this the ones before and after it."""
    try:
        import signal  # here, not above: Ctrl-C while it loads is caught too

        signal.signal(signal.SIGINT, _interrupt)
        sys.unraisablehook = _unraisable
        _main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("wscheck: interrupted\n")
        except (OSError, ValueError):
            pass
        _leave(EXIT_INTERRUPTED)


def _interrupt(signum, frame) -> None:
    """Ctrl-C, as Python's own handler does it, and again until the run has ended: Python
    drops an interrupt raised inside a weakref callback or a `__del__` (an import's module
    lock has one), and the scan would go on as if nothing had been pressed."""
    import threading

    repeat = threading.Timer(REPEAT_SECONDS, os.kill, (os.getpid(), signum))
    repeat.daemon = True
    repeat.start()
    raise KeyboardInterrupt


def _unraisable(unraisable) -> None:
    """An interrupt Python drops is raised again (`_interrupt`): it prints nothing."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def _main() -> None:
    argv = sys.argv[1:]
    try:
        cwd = os.getcwd()
    except OSError:  # the working directory is gone: the command line says so
        cwd = None
    if cwd is not None:
        from wscheck.cache import replay

        try:
            status = replay.replayed(argv, cwd, dict(os.environ), sys.stdout, sys.stderr)
        except BrokenPipeError:  # `wscheck | head`: the reader left
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        if status is not None:
            sys.exit(status)
    from wscheck.cli import Invocation, main as command_line

    try:
        command_line(args=argv, obj=Invocation(tuple(argv), cwd) if cwd is not None else None)
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


def _leave(code: object) -> None:
    """Exit now, without the interpreter's teardown: a scan leaves millions of objects
    (its files' words) that the system frees at once, and Python one by one (40 ms for
    10,000 files). Everything the run writes is written and closed by now."""
    if code == EXIT_INTERRUPTED:  # its one line is written: another Ctrl-C must not add a traceback
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit does with a message
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `wscheck | head`: the reader left; or a stream closed
        code = code or 1
    os._exit(code or 0)
