"""Forks: one pure function over the parts of a list, the first part here and the others
in forked processes at the same time. A fork sees this process's memory as it is (the
files' bytes, the function), so only the answers travel back. For big work the scan
needs at once, on the cores its parse workers leave idle between batches.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Callable, Sequence, TypeVar

from wscheck.executor.lifeline import bind_to_parent

Item = TypeVar("Item")
Answer = TypeVar("Answer")


def map_parts(function: Callable[[Sequence[Item]], Answer], items: Sequence[Item], parts: int, fewest: int = 1) -> list[Answer]:
    """[function(part) for each of `parts` consecutive, nearly equal parts of `items`], in
    order; one part, done here, under `fewest` items (a fork and its answer would cost more).
    A part whose process fails is done here instead: the answer never depends on it."""
    parts = max(1, min(parts, len(items))) if len(items) >= fewest else 1
    bounds = [len(items) * n // parts for n in range(parts + 1)]
    pieces = [items[bounds[n] : bounds[n + 1]] for n in range(parts)]
    if parts == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(piece) for piece in pieces]
    context = multiprocessing.get_context("fork")
    started = []
    try:
        for piece in pieces[1:]:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_answer, args=(sender, function, piece, os.getpid()), daemon=True)
            process.start()
            sender.close()
            started.append((receiver, process))
        answers = [function(pieces[0])]
        for (receiver, process), piece in zip(started, pieces[1:]):
            try:
                answers.append(receiver.recv())
            except (EOFError, OSError):  # it died: do its part here
                answers.append(function(piece))
        return answers
    finally:
        for receiver, process in started:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()


def _answer(sender, function: Callable, piece: Sequence, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    bind_to_parent(parent)
    try:
        answer = function(piece)
    except BaseException:  # quietly: the parent does this part again and reports what fails
        return
    sender.send(answer)
    sender.close()
