"""Workers: run extraction tasks in worker processes, each file under a time budget; or
here, under an interval timer (`run_here`). Which of the two is the executor's choice.

A worker that overruns its budget is killed and replaced; one that dies (a parser
crash, or out of its memory) costs its file a WS001, never the run. Results come back by
task index, so the output does not depend on which worker finishes first. No timer stops
a parser's native code: here, the budget holds only for files small enough
(thresholds.HERE_BYTES_PER_SECOND); in a worker the deadline holds whatever runs.
"""

from __future__ import annotations

import faulthandler
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection, wait

from wscheck.demand import tasks as task_runner
from wscheck.demand.tasks import Task
from wscheck.executor import memory
from wscheck.executor.lifeline import bind_to_parent
from wscheck.executor.thresholds import QUEUED_BYTES, WORKER_NICENESS


class _Timeout(BaseException):  # not an Exception: extractors catch those
    pass


def _worker(connection: Connection, warm: tuple[str, ...], parent: int, allowance: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    bind_to_parent(parent)  # and if it cannot (kill -9), we end with it
    memory.cap(allowance)
    faulthandler.disable()  # a parser crash is reported by the parent, as a WS001
    try:  # loading the parsers too: measured on a busy machine, the prefilter they overlap is the scan's path
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
        self.warm = warm
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


class Workers:
    """Up to `jobs` worker processes, started when asked (`start`, or by a batch that needs
    more of them): each imports its `warm` modules (the parsers) as it starts, unless it
    inherits them from this process."""

    def __init__(self, jobs: int, budget: float) -> None:
        self.jobs = max(1, jobs)
        self.budget = budget
        self.processes: list[_Process] = []
        self.context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        self.allowance = memory.allowance(self.jobs)  # what each worker may allocate

    def start(self, count: int, warm: tuple[str, ...] = ()) -> None:
        """`count` more workers (up to `jobs` in all), loading `warm` while this process goes on."""
        for _ in range(min(count, self.jobs - len(self.processes))):  # one by one: each is closed with the rest, even if Ctrl-C comes midway
            self.processes.append(_Process(self.context, self.allowance, warm))

    def loading(self, module: str) -> bool:
        """Whether a worker has imported `module`, or is importing it."""
        return any(module in process.warm for process in self.processes)

    def close(self) -> None:
        for process in self.processes:
            process.stop()
        self.processes = []

    def run(self, batch: list[Task], count: int) -> list:
        """The batch's facts, in order, from `count` workers (those missing started now: the
        first ones forked from this process once it holds the batch's parsers, the later
        ones loading them themselves, so that this process never has to)."""
        modules = tuple(dict.fromkeys(task.function.partition(":")[0] for task in batch))
        if not self.processes:  # import the parsers once, here, so that every fork has them
            for module in modules:
                _import(module)
        self.start(count - len(self.processes), tuple(m for m in modules if m not in sys.modules))
        results: list = [None] * len(batch)
        # the biggest first (popped from the end), so that the batch does not end on one
        # worker finishing a big file while the others wait; results keep the batch's order
        pending = sorted(enumerate(batch), key=lambda item: len(item[1].source))
        while pending or any(w.tasks for w in self.processes):
            self._give(pending)
            busy = [w for w in self.processes if w.tasks]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.connection for w in busy], timeout)
            for worker in busy:
                self._collect(worker, worker.connection in ready, results, pending)
        return results

    def _give(self, pending: list) -> None:
        for worker in self.processes:  # a task for each idle worker first
            if pending and not worker.tasks:
                worker.give(*pending.pop(), self.budget)
        for worker in self.processes:  # then one waiting each, while enough remain to share at the end
            if len(pending) > len(self.processes) and worker.may_queue(pending[-1][1]):
                worker.give(*pending.pop(), self.budget)

    def _collect(self, worker: _Process, ready: bool, results: list, pending: list) -> None:
        index, task = worker.tasks[0]
        if ready:
            try:
                got_index, facts = worker.connection.recv()
            except (EOFError, OSError):  # the worker died: a parser crash
                results[index] = task_runner.failure(task, f"the parser crashed ({_death(worker, self.allowance)}); skipped", transient=True)
                self._replace(worker, pending)
                return
            results[got_index] = facts
            worker.done(self.budget)
        elif time.monotonic() >= worker.deadline:
            results[index] = task_runner.failure(task, _over_budget(self.budget), transient=True)
            self._replace(worker, pending)

    def _replace(self, worker: _Process, pending: list) -> None:
        """A new worker for one that died or overran; what was waiting for it goes back first."""
        waiting = list(worker.tasks)[1:]
        worker.kill()
        self.processes[self.processes.index(worker)] = _Process(self.context, self.allowance, worker.warm)
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


def run_here(task: Task, budget: float):
    """In this process; the budget is enforced where Python code runs (an interval timer
    in the main thread): the files that run here must be small enough for that."""
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
