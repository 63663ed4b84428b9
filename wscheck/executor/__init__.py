"""Executor: what runs where — here, in forked parts of a pass, or in parse workers —
decided in one place, on the thresholds of `executor.thresholds`. The engine makes one per
scan and hands it down: the demand's passes over every file, the search index's
splitting of files into words, the first mentions the model asks for, and every
extraction go through it. Nothing else forks.

Where a batch of extractions runs: a file too big for the timer here always goes to a
worker (its time budget holds only there, with `--jobs 1` too); the rest go to workers
when there is parsing enough to pay for starting them, or when a worker already holds a
parser this process has not loaded (the demand says early which parser it will need,
`expect`, and one worker loads it on the core the prefilter leaves idle); else they run
here.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Sequence, TypeVar

from wscheck.demand.tasks import Task
from wscheck.executor import thresholds
from wscheck.executor.workers import Workers, run_here

Item = TypeVar("Item")
Answer = TypeVar("Answer")


class Executor:
    def __init__(self, jobs: int = 1, budget: float = 0.0) -> None:
        self.jobs = max(1, jobs)
        self.budget = budget
        self.workers = Workers(self.jobs, budget)
        self.owner = os.getpid()  # a forked part of a pass starts no worker

    # --- passes over many files ---------------------------------------------------------

    def map_parts(self, function: Callable[[Sequence[Item]], Answer], items: Sequence[Item], kind: str) -> list[Answer]:
        """[function(part) for each consecutive part of `items`], in order: one part, done
        here, under `thresholds.SPLIT_FROM[kind]` items; else one part per core."""
        from wscheck.executor.forks import map_parts

        return map_parts(function, items, self.jobs, thresholds.SPLIT_FROM[kind])

    def map_items(self, function: Callable[[Item], Answer], items: Sequence[Item], kind: str) -> list[Answer]:
        """[function(item) for item in items], split as `map_parts` splits."""
        parts = self.map_parts(lambda piece: [function(item) for item in piece], items, kind)
        return [answer for part in parts for answer in part]

    # --- extraction -----------------------------------------------------------------------

    def start(self, code_files: int, modules: tuple[str, ...]) -> None:
        """Every worker now, before the files are read, for a scan of many code files: they
        load the parsers meanwhile, on the core the reading leaves idle."""
        if code_files >= thresholds.EARLY_WORKERS and self._may_fork():
            self.workers.start(self.jobs, modules)

    def expect(self, module: str) -> None:
        """A task needing `module` (a parser) will come: a file that is surely parsed was
        found. One worker loads it now, while this process goes on prefiltering."""
        if self._may_fork() and module not in sys.modules and not self.workers.processes:
            self.workers.start(1, (module,))

    def run(self, batch: list[Task]) -> list:
        """Each task's facts, in order."""
        count = self._workers_for(batch)
        if count:
            return self.workers.run(batch, count)
        away = [index for index, task in enumerate(batch) if not self._fits_here(task)]
        done = dict(zip(away, self.workers.run([batch[i] for i in away], 1))) if away else {}
        return [done[index] if index in done else run_here(task, self.budget) for index, task in enumerate(batch)]

    def close(self) -> None:
        self.workers.close()

    def _workers_for(self, batch: list[Task]) -> int:
        """How many workers the batch runs in; 0: here. Workers that hold a parser this
        process lacks take the batch (and more join when each would get its start-up and
        the parser's loading back); else workers pay when two or more each take over
        WORKER_PAYS_FROM of parsing (forked once this process holds the parsers)."""
        if not batch or not self._may_fork():
            return 0
        seconds = sum(_parse_seconds(task) for task in batch)
        lacking = {m for m in (task.function.partition(":")[0] for task in batch) if m not in sys.modules}
        held = len(self.workers.processes) if any(self.workers.loading(m) for m in lacking) else 0
        if held:
            loading = sum(thresholds.IMPORT_SECONDS.get(m, 0.0) for m in lacking)
            return max(held, min(self.jobs, int(seconds / (thresholds.WORKER_PAYS_FROM + loading))))
        paying = min(self.jobs, int(seconds / thresholds.WORKER_PAYS_FROM))
        return paying if paying >= 2 else 0

    def _fits_here(self, task: Task) -> bool:
        """Whether the timer here can hold this file's budget; where there is no worker to
        send it to, it has to."""
        limit = self.budget * thresholds.HERE_BYTES_PER_SECOND
        return self.workers.context is None or self.budget <= 0 or len(task.source) <= limit

    def _may_fork(self) -> bool:
        return self.jobs > 1 and self.workers.context is not None and os.getpid() == self.owner


def _parse_seconds(task: Task) -> float:
    """What extracting the task here would take, by its parser's measured costs."""
    per_file, per_second = thresholds.PARSE_COSTS.get(task.function.partition(":")[0], thresholds.PARSE_COSTS[thresholds.PYTHON])
    return per_file + len(task.source) / per_second


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
