"""The worker pool: the same facts whatever the number of jobs, and a file that overruns
its time budget or crashes its worker is one WS001."""

from __future__ import annotations

import gc
import os
import signal
import sys
import weakref
import time

from conftest import FIXTURES, ROOT, run_scan
from wscheck.demand.extraction import Extraction
from wscheck.demand.pool import WORKER_NICENESS, Pool
from wscheck.demand.tasks import Abandoned, Task
from wscheck.engine import RunOptions


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


def test_workers_are_forked_with_the_warm_modules_already_imported():
    warm = "colorsys"  # a module nothing here imports (checked below)
    if warm in sys.modules:
        del sys.modules[warm]
    pool = Pool(jobs=2, budget=30, warm=(warm, "no_such_module_anywhere"))  # a bad name costs nothing
    try:
        assert pool.run([task(f"f{i}.py", "has_module", warm) for i in range(12)]) == [True] * 12
    finally:
        pool.close()


def test_workers_started_early_load_the_warm_modules_themselves_and_give_way_to_the_parent():
    sys.modules.pop("colorsys", None)
    pool = Pool(jobs=2, budget=30, warm=("colorsys",))
    try:
        pool.start()
        assert len(pool.workers) == 2 and "colorsys" not in sys.modules  # imported there, not here
        assert pool.run([task(f"f{i}.py", "has_module", "colorsys") for i in range(12)]) == [True] * 12
        assert set(pool.run([task(f"f{i}.py", "niceness") for i in range(12)])) == {os.nice(0) + WORKER_NICENESS}
    finally:
        pool.close()


def test_without_warm_modules_a_worker_imports_only_what_its_task_needs():
    sys.modules.pop("colorsys", None)
    pool = Pool(jobs=2, budget=30)
    try:
        assert pool.run([task(f"f{i}.py", "has_module", "colorsys") for i in range(12)]) == [False] * 12
    finally:
        pool.close()


def test_the_budget_holds_in_this_process_too():
    pool = Pool(jobs=1, budget=0.3)
    result = pool.run([task("stuck.py", "slow", 30)])[0]
    assert isinstance(result, Abandoned)


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
    results = Extraction(Pool(jobs=1, budget=30)).run([task("a.py", "cyclic")])
    assert results == [("a.py",)]
    assert _CYCLES[-1]() is None  # freed, not frozen with the facts
    assert gc.get_freeze_count() > 0  # the facts: no collection walks them again
