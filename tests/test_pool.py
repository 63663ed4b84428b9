"""The executor and its workers: the same facts whatever the number of jobs and wherever a
batch runs, a file that overruns its time budget or crashes its worker is one WS001, and a
batch goes to workers only where they pay for themselves."""

from __future__ import annotations

import gc
import os
import signal
import sys
import weakref
import time

import pytest

from conftest import FIXTURES, ROOT, run_scan
from wscheck.demand.extraction import Extraction
from wscheck.demand.tasks import Abandoned, Task
from wscheck.engine import RunOptions
from wscheck.executor import Executor, memory, thresholds
from wscheck.executor.thresholds import HERE_BYTES_PER_SECOND, WORKER_NICENESS
from wscheck.executor.workers import Workers, run_here


class Pool:
    """Workers, every batch in two of them (or one, with one job): the mechanism, apart
    from the executor's choice of where a batch runs."""

    def __init__(self, jobs: int, budget: float) -> None:
        self.workers = Workers(jobs, budget)

    def run(self, batch):
        return self.workers.run(batch, self.workers.jobs)

    def close(self):
        self.workers.close()


def slow(path, source, seconds):
    time.sleep(seconds)
    return ("done", path)


def crash(path, source):
    os.kill(os.getpid(), signal.SIGSEGV)


def echo(path, source):
    return (path, len(source))


def has_module(path, source, name):
    return name in sys.modules


def niceness(path, source):
    return os.nice(0)


def pid(path, source):
    return os.getpid()


def hog(path, source, megabytes):
    return len(bytearray(megabytes << 20))


def interrupted_as_the_alarm_fires(path, source):
    try:
        raise KeyboardInterrupt
    finally:
        time.sleep(5)  # the budget's alarm goes off while the interrupt unwinds


class _Node:
    pass


_CYCLES: list = []


def cyclic(path, source):
    node = _Node()
    node.itself = node  # garbage only the cycle collector frees
    _CYCLES.append(weakref.ref(node))
    return (path,)


def task(path: str, function: str, *args) -> Task:
    return Task(path, b"x" * len(path), f"{__name__}:{function}", args, "")


def test_results_come_back_in_task_order_whatever_finishes_first():
    pool = Pool(jobs=2, budget=30)
    try:
        batch = [task(f"f{i}.py", "slow", 0.05 if i % 3 == 0 else 0) for i in range(12)]
        assert pool.run(batch) == [("done", f"f{i}.py") for i in range(12)]
    finally:
        pool.close()


def test_a_task_over_budget_is_abandoned_and_the_rest_still_run():
    pool = Pool(jobs=2, budget=0.5)
    try:
        batch = [task("stuck.py", "slow", 60)] + [task(f"ok{i}.py", "echo") for i in range(9)]
        start = time.monotonic()
        results = pool.run(batch)
        assert time.monotonic() - start < 20
    finally:
        pool.close()
    assert isinstance(results[0], Abandoned) and "parse-timeout" in results[0].reason
    assert results[1:] == [(f"ok{i}.py", len(f"ok{i}.py")) for i in range(9)]


def test_tasks_queued_behind_an_overrun_one_still_run_in_order():
    pool = Pool(jobs=2, budget=0.5)
    try:
        batch = [task(f"ok{i}.py", "echo") for i in range(4)] + [task("stuck.py", "slow", 60)] + [task(f"ok{i}.py", "echo") for i in range(4, 20)]
        results = pool.run(batch)
    finally:
        pool.close()
    assert isinstance(results[4], Abandoned)
    assert results[:4] + results[5:] == [(f"ok{i}.py", len(f"ok{i}.py")) for i in range(20)]


def test_tasks_queued_behind_a_crash_still_run():
    for _ in range(5):  # the crash races the parent queueing the next task: each time, the same answer
        pool = Pool(jobs=2, budget=30)
        try:
            results = pool.run([task("boom.py", "crash")] + [task(f"ok{i}.py", "echo") for i in range(20)])
        finally:
            pool.close()
        assert isinstance(results[0], Abandoned)
        assert results[1:] == [(f"ok{i}.py", len(f"ok{i}.py")) for i in range(20)]


def test_a_crashing_worker_costs_its_file_only():
    pool = Pool(jobs=2, budget=30)
    try:
        results = pool.run([task("boom.py", "crash")] + [task(f"ok{i}.py", "echo") for i in range(9)])
    finally:
        pool.close()
    assert isinstance(results[0], Abandoned) and "crashed" in results[0].reason and "SIGSEGV" in results[0].reason
    assert results[1] == ("ok0.py", 6)


@pytest.fixture
def parser(tmp_path, monkeypatch):
    """A module standing for a parser: importable (by a worker forked from here), never imported here."""
    (tmp_path / "stand_in_parser.py").write_text("import os\n\ndef extract(path, source):\n    return ('parsed', os.getpid())\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "stand_in_parser"
    sys.modules.pop("stand_in_parser", None)


def test_workers_started_early_load_the_parsers_themselves_and_give_way_to_the_parent(parser):
    executor = Executor(jobs=2, budget=30)
    try:
        executor.start(thresholds.EARLY_WORKERS, (parser, "no_such_module_anywhere"))  # a bad name costs nothing
        assert len(executor.workers.processes) == 2 and parser not in sys.modules  # imported there, not here
        small = [Task(f"f{i}.py", b"", f"{parser}:extract", (), "") for i in range(3)]
        answers = executor.run(small)  # in the workers, which hold what this process lacks
        assert {a[0] for a in answers} == {"parsed"} and os.getpid() not in {a[1] for a in answers} and parser not in sys.modules
        niceness = executor.workers.run([task(f"f{i}.py", "niceness") for i in range(12)], 2)
        assert set(niceness) == {os.nice(0) + WORKER_NICENESS}
    finally:
        executor.close()


def test_workers_forked_for_a_batch_inherit_its_parsers_and_import_nothing_else():
    sys.modules.pop("colorsys", None)
    pool = Pool(jobs=2, budget=30)
    try:
        assert pool.run([task(f"f{i}.py", "has_module", "colorsys") for i in range(12)]) == [False] * 12
        assert pool.run([task(f"f{i}.py", "has_module", __name__) for i in range(12)]) == [True] * 12
    finally:
        pool.close()


def _sized(path: str, function: str, size: int, *args) -> Task:
    return Task(path, b"x" * size, f"{__name__}:{function}", args, "")


def test_a_batch_runs_here_unless_its_parsing_pays_for_two_workers_or_more():
    pays = int(2 * thresholds.WORKER_PAYS_FROM * thresholds.PARSE_COSTS[thresholds.PYTHON][1])  # two workers worth
    executor = Executor(jobs=2, budget=30)
    try:
        small = [_sized(f"f{i}.py", "pid", 100) for i in range(3)]  # little parsing: a fork costs more
        assert set(executor.run(small)) == {os.getpid()} and not executor.workers.processes
        big = [_sized(f"f{i}.py", "pid", pays // 8 + 1) for i in range(8)]
        assert os.getpid() not in set(executor.run(big)) and len(executor.workers.processes) == 2
    finally:
        executor.close()
    one_job = Executor(jobs=1, budget=30)
    assert set(one_job.run(big)) == {os.getpid()}


def test_a_parser_expected_early_is_loaded_by_one_worker_and_this_process_never_loads_it(parser):
    executor = Executor(jobs=2, budget=30)
    try:
        executor.expect(parser)
        executor.expect(parser)  # once is enough
        assert len(executor.workers.processes) == 1 and parser not in sys.modules
        [(answer, pid)] = executor.run([Task("a.py", b"", f"{parser}:extract", (), "")])  # small, but its parser is there
        assert answer == "parsed" and pid != os.getpid() and parser not in sys.modules
    finally:
        executor.close()
    one_job = Executor(jobs=1)
    one_job.expect(parser)
    assert not one_job.workers.processes  # one job: no worker to load it


def test_the_budget_holds_in_this_process_too():
    executor = Executor(jobs=1, budget=0.3)
    result = executor.run([task("stuck.py", "slow", 30)])[0]
    assert isinstance(result, Abandoned)


def test_a_file_too_big_for_the_timer_here_goes_to_a_worker_even_with_one_job():
    """No timer interrupts a parser's native code: a file it could keep busy past the
    budget is parsed where the deadline holds whatever runs, in a worker."""
    executor = Executor(jobs=1, budget=0.5)
    small = Task("small.py", b"x" * 100, f"{__name__}:pid", (), "")
    big = Task("big.py", b"x" * int(0.5 * HERE_BYTES_PER_SECOND + 1), f"{__name__}:pid", (), "")
    try:
        here, away = executor.run([small, big])
    finally:
        executor.close()
    assert here == os.getpid() and away != os.getpid()


def test_ctrl_c_is_not_mistaken_for_the_budget_when_the_alarm_fires_as_it_unwinds():
    with pytest.raises(KeyboardInterrupt):
        run_here(task("x.py", "interrupted_as_the_alarm_fires"), 0.2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is Linux's address-space limit")
def test_a_worker_that_allocates_more_than_its_share_costs_its_file_only(monkeypatch):
    monkeypatch.setattr(memory, "allowance", lambda jobs: 256 << 20)
    pool = Pool(jobs=2, budget=30)
    try:
        results = pool.run([task("hog.py", "hog", 1024)] + [task(f"ok{i}.py", "echo") for i in range(9)])
        assert pool.run([task(f"h{i}.py", "hog", 64) for i in range(8)]) == [64 << 20] * 8  # what fits in it is fine
    finally:
        pool.close()
    assert isinstance(results[0], Abandoned)
    assert results[0].reason.startswith("ran out of memory: a parse worker may allocate 0.2 GB")
    assert "max-file-size" in results[0].reason
    assert results[1:] == [(f"ok{i}.py", len(f"ok{i}.py")) for i in range(9)]


def _findings(report):
    return [(f.location, f.code, f.message) for f in report.findings]


def test_two_jobs_find_what_one_finds():
    for folder in (ROOT / "examples" / "postmortem", ROOT / "examples" / "postmortem-fixed", FIXTURES / "contract_depth_app"):
        one = run_scan(folder)
        two = run_scan(folder, run=RunOptions(jobs=2))
        assert _findings(one) == _findings(two), folder
        assert [c.endpoint for c in one.checklists] == [c.endpoint for c in two.checklists]


def test_a_batch_parsed_here_frees_its_cycles_before_its_facts_are_kept_out_of_the_collector():
    gc.unfreeze()
    results = Extraction(Executor(jobs=1, budget=30)).run([task("a.py", "cyclic")])
    assert results == [("a.py",)]
    assert _CYCLES[-1]() is None  # freed, not frozen with the facts
    assert gc.get_freeze_count() > 0  # the facts: no collection walks them again
