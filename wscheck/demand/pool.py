"""Pool: run extraction tasks in worker processes, each file under a time budget.

A worker that overruns its budget is killed and replaced; one that dies (a parser
crash) costs its file a WS001, never the run. Results come back by task index, so the
output does not depend on which worker finishes first. Small batches run here, in this
process, where the budget is an interval timer.
"""

from __future__ import annotations

import faulthandler
import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from multiprocessing.connection import Connection, wait

from wscheck.demand import tasks as task_runner
from wscheck.demand.tasks import Task

MIN_TASKS_PER_WORKER = 4  # fewer, and starting workers costs more than it saves
WORKER_NICENESS = 5  # the parent's work between batches is the critical path: workers give way to it
QUEUED_BYTES = 32_000  # a queued task this small fits the pipe's buffer (64 kB and more) beside nothing else


class _Timeout(BaseException):  # not an Exception: extractors catch those
    pass


def _worker(connection: Connection, warm: tuple[str, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    faulthandler.disable()  # a parser crash is reported by the parent, as a WS001
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass
    for module in warm:
        _import(module)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        connection.send((index, task_runner.run(task)))


class _Process:
    def __init__(self, context, warm: tuple[str, ...] = ()) -> None:
        parent, child = context.Pipe()
        self.connection = parent
        self.process = context.Process(target=_worker, args=(child, warm), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[tuple[int, Task]] = deque()  # given, in the order it runs them
        self.deadline = 0.0  # of the first: the one running

    def give(self, index: int, task: Task, budget: float) -> None:
        if not self.tasks:
            self.deadline = time.monotonic() + budget
        self.tasks.append((index, task))
        try:
            self.connection.send((index, task))
        except OSError:  # it died on the task before: the wait that follows finds it gone
            pass

    def done(self, budget: float) -> None:
        self.tasks.popleft()
        self.deadline = time.monotonic() + budget  # the next one starts now

    def may_queue(self, task: Task) -> bool:
        """One task running and this one waiting in the pipe, so the worker never waits for
        the parent; small, so that sending it never blocks on a full pipe."""
        return not self.tasks or (len(self.tasks) == 1 and len(task.source) <= QUEUED_BYTES)

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(1)
        self.connection.close()


class Pool:
    """Up to `jobs` workers, started on the first batch big enough to need them, or at
    once by `start`. `warm` names the modules batches will need (the parsers): imported
    in each worker as it starts, or here before the first fork."""

    def __init__(self, jobs: int, budget: float, warm: tuple[str, ...] = ()) -> None:
        self.jobs = max(1, jobs)
        self.budget = budget
        self.warm = warm
        self.workers: list[_Process] = []
        self.context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None

    def start(self) -> None:
        """Every worker now, loading the parsers while this process goes on (reading files)."""
        if self.jobs > 1 and self.context is not None and not self.workers:
            self.workers = [_Process(self.context, self.warm) for _ in range(self.jobs)]

    def run(self, batch: list[Task]) -> list:
        if self.jobs == 1 or self.context is None or len(batch) < MIN_TASKS_PER_WORKER * 2:
            return [_run_here(task, self.budget) for task in batch]
        return self._run_in_workers(batch)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def _run_in_workers(self, batch: list[Task]) -> list:
        if not self.workers:  # import the parsers once, here, so that every fork has them
            for task in batch[:1]:
                task_runner.function_of(task)
            for module in self.warm:
                _import(module)
        wanted = min(self.jobs, max(1, len(batch) // MIN_TASKS_PER_WORKER))
        while len(self.workers) < wanted:
            self.workers.append(_Process(self.context))
        results: list = [None] * len(batch)
        # the biggest first (popped from the end), so that the batch does not end on one
        # worker finishing a big file while the others wait; results keep the batch's order
        pending = sorted(enumerate(batch), key=lambda item: len(item[1].source))
        while pending or any(w.tasks for w in self.workers):
            for worker in self.workers:  # a task for each idle worker first
                if pending and not worker.tasks:
                    worker.give(*pending.pop(), self.budget)
            for worker in self.workers:  # then one waiting each, while enough remain to share at the end
                if len(pending) > len(self.workers) and worker.may_queue(pending[-1][1]):
                    worker.give(*pending.pop(), self.budget)
            busy = [w for w in self.workers if w.tasks]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.connection for w in busy], timeout)
            for worker in busy:
                index, task = worker.tasks[0]
                if worker.connection in ready:
                    try:
                        got_index, facts = worker.connection.recv()
                    except (EOFError, OSError):  # the worker died: a parser crash
                        results[index] = task_runner.failure(task, f"the parser crashed ({_death(worker)}); skipped", transient=True)
                        self._replace(worker, pending)
                        continue
                    results[got_index] = facts
                    worker.done(self.budget)
                elif time.monotonic() >= worker.deadline:
                    results[index] = task_runner.failure(task, _over_budget(self.budget), transient=True)
                    self._replace(worker, pending)
        return results

    def _replace(self, worker: _Process, pending: list) -> None:
        """A new worker for one that died or overran; what was waiting for it goes back first."""
        waiting = list(worker.tasks)[1:]
        worker.kill()
        self.workers[self.workers.index(worker)] = _Process(self.context)
        pending.extend(reversed(waiting))


def _import(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:  # the task that needs it reports the error
        pass


def _death(worker: _Process) -> str:
    worker.process.join(1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _over_budget(budget: float) -> str:
    return f"abandoned after {budget:g} s (the per-file time budget, setting `parse-timeout`)"


def _run_here(task: Task, budget: float):
    """In this process; the budget is enforced where Python code runs (an interval timer
    in the main thread), which the pre-parse checks make sufficient for one file."""
    if budget <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return task_runner.run(task)

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return task_runner.run(task)
    except _Timeout:
        return task_runner.failure(task, _over_budget(budget), transient=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
