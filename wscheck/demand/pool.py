"""Pool: run extraction tasks in worker processes, each file under a time budget.

A worker that overruns its budget is killed and replaced; one that dies (a parser
crash, or out of its memory) costs its file a WS001, never the run. Results come back by
task index, so the output does not depend on which worker finishes first. Small batches
run here, in this process, where the budget is an interval timer; but no timer stops a
parser's native code, so a file big enough to keep one busy past the budget goes to a
worker even then (with `--jobs 1` too), where the deadline holds whatever runs.
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

from wscheck.demand import memory
from wscheck.demand import tasks as task_runner
from wscheck.demand.tasks import Task
from wscheck.lifeline import bind_to_parent

MIN_TASKS_PER_WORKER = 4  # fewer, and starting workers costs more than it saves
WORKER_NICENESS = 5  # the parent's work between batches is the critical path: workers give way to it
QUEUED_BYTES = 32_000  # a queued task this small fits the pipe's buffer (64 kB and more) beside nothing else
# A file runs here only if its parsers' native steps (`ast.parse`, libcst's parser, tree-sitter),
# which the timer cannot interrupt, stay well within the budget: libcst, the slowest, reads
# about 200 kB a second on a slow, busy machine, so 20 kB per second of budget keeps the overrun
# under a tenth of it (200 kB for the default 10 s).
HERE_BYTES_PER_SECOND = 20_000


class _Timeout(BaseException):  # not an Exception: extractors catch those
    pass


def _worker(connection: Connection, warm: tuple[str, ...], parent: int, allowance: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    bind_to_parent(parent)  # and if it cannot (kill -9), we end with it
    memory.cap(allowance)
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
        try:
            facts = task_runner.run(task)
        except MemoryError:
            facts = task_runner.failure(task, memory.exhausted(allowance), transient=True)
        connection.send((index, facts))


class _Process:
    def __init__(self, context, allowance: int, warm: tuple[str, ...] = ()) -> None:
        parent, child = context.Pipe()
        self.connection = parent
        self.process = context.Process(target=_worker, args=(child, warm, os.getpid(), allowance), daemon=True)
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
        self.allowance = memory.allowance(self.jobs)  # what each worker may allocate

    def start(self) -> None:
        """Every worker now, loading the parsers while this process goes on (reading files)."""
        if self.jobs > 1 and self.context is not None and not self.workers:
            for _ in range(self.jobs):  # one by one: each is closed with the pool, even if Ctrl-C comes midway
                self.workers.append(_Process(self.context, self.allowance, self.warm))

    def run(self, batch: list[Task]) -> list:
        if self.jobs > 1 and self.context is not None and len(batch) >= MIN_TASKS_PER_WORKER * 2:
            return self._run_in_workers(batch)
        away = [index for index, task in enumerate(batch) if not self._fits_here(task)]
        done = dict(zip(away, self._run_in_workers([batch[i] for i in away]))) if away else {}
        return [done[index] if index in done else _run_here(task, self.budget) for index, task in enumerate(batch)]

    def _fits_here(self, task: Task) -> bool:
        """Whether the timer here can hold this file's budget (see HERE_BYTES_PER_SECOND);
        where there is no worker to send it to, it has to."""
        return self.context is None or self.budget <= 0 or len(task.source) <= self.budget * HERE_BYTES_PER_SECOND

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
            self.workers.append(_Process(self.context, self.allowance))
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
                        results[index] = task_runner.failure(task, f"the parser crashed ({_death(worker, self.allowance)}); skipped", transient=True)
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
        self.workers[self.workers.index(worker)] = _Process(self.context, self.allowance)
        pending.extend(reversed(waiting))


def _import(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:  # the task that needs it reports the error
        pass


def _death(worker: _Process, allowance: int) -> str:
    worker.process.join(1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
        if name == "SIGABRT" and allowance:  # how a native parser ends when an allocation fails
            return f"signal {name}, most likely out of memory: a parse worker may allocate {memory.gigabytes(allowance)}"
        return f"signal {name}"
    return f"exit status {code}"


def _over_budget(budget: float) -> str:
    return f"abandoned after {budget:g} s (the per-file time budget, setting `parse-timeout`)"


def _run_here(task: Task, budget: float):
    """In this process; the budget is enforced where Python code runs (an interval timer
    in the main thread): the files that run here are small enough for that (`_fits_here`)."""
    try:
        if budget <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return task_runner.run(task)
        return _under_timer(task, budget)
    except MemoryError:
        return task_runner.failure(task, memory.exhausted(0), transient=True)


def _under_timer(task: Task, budget: float):
    running = [True]

    def expire(signum, frame):
        if running[0]:  # the alarm fires once; if the task has ended by then, it is too late to matter
            running[0] = False
            raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:  # a _Timeout can only be raised inside this `try`, so it never escapes
        try:
            return task_runner.run(task)
        finally:
            running[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout as timeout:
        if isinstance(timeout.__context__, KeyboardInterrupt):  # Ctrl-C came first: the alarm fired as it unwound
            raise KeyboardInterrupt from None
        return task_runner.failure(task, _over_budget(budget), transient=True)
    finally:
        signal.signal(signal.SIGALRM, previous)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
