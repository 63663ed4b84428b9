"""Follow: read a log as it grows for a fixed time (`--follow --duration S`), each line timed
on arrival, so that a log without timestamps (uvicorn's default console format) can be
timed: `tail -f logs/backend.log | wscheck traffic - --follow --duration 60`."""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from typing import BinaryIO, Iterator

from wscheck.traffic.records import InputSummary, Request
from wscheck.traffic.sources import STDIN, read_lines

POLL_S = 0.1  # how often a followed file is looked at for new lines
_EOF = object()


def follow(name: str, seconds: float, summary: InputSummary) -> Iterator[Request]:
    """Lines arriving within `seconds` (standard input until it ends; a file from its end
    on, as `tail -f` shows it), each timed when it arrives unless it carries a time."""
    summary.followed = True
    try:
        stream = sys.stdin.buffer if name == STDIN else open(name, "rb")
    except OSError as error:
        summary.error = f"cannot read: {error.strerror or error}"
        return
    if stream is not sys.stdin.buffer:
        stream.seek(0, os.SEEK_END)
    arrivals: queue.Queue = queue.Queue()
    # a daemon thread reads, so that the deadline holds while a read blocks (a quiet pipe)
    threading.Thread(target=_pump, args=(stream, stream is not sys.stdin.buffer, arrivals), daemon=True).start()
    try:
        yield from read_lines(_until(arrivals, time.monotonic() + seconds), summary, arrivals=True)
    except KeyboardInterrupt:  # Ctrl-C ends the wait early: report what came
        pass
    finally:
        summary.settle()


def _pump(stream: BinaryIO, is_file: bool, arrivals: queue.Queue) -> None:
    try:
        while True:
            line = stream.readline()
            if line.endswith(b"\n"):
                arrivals.put((time.time(), line))
            elif is_file:  # at the end of a growing file: wait for more (a partial line is read again)
                if line:
                    stream.seek(-len(line), os.SEEK_CUR)
                time.sleep(POLL_S)
            else:
                if line:
                    arrivals.put((time.time(), line))
                arrivals.put(_EOF)
                return
    except (OSError, ValueError):
        arrivals.put(_EOF)


def _until(arrivals: queue.Queue, deadline: float) -> Iterator[tuple[int, str, float]]:
    number = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        try:
            item = arrivals.get(timeout=None if left == float("inf") else left)
        except queue.Empty:
            return
        if item is _EOF:
            return
        arrived, line = item
        number += 1
        yield number, line.decode("utf-8", "replace"), arrived
