"""Forks: one pass over many items on several cores gives what one core gives."""

from __future__ import annotations

import os

from wscheck.executor import Executor, thresholds
from wscheck.executor.forks import map_parts


def test_parts_come_back_in_order_and_cover_every_item():
    assert map_parts(list, list(range(10)), 3) == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert map_parts(sum, [1, 2], 5) == [1, 2]  # never more parts than items


def test_the_other_parts_run_in_other_processes():
    here = os.getpid()
    pids = map_parts(lambda piece: os.getpid(), list(range(4)), 2)
    assert pids[0] == here and pids[1] != here


def test_a_part_whose_process_fails_is_done_here_instead():
    here = os.getpid()

    def only_here(piece):
        if os.getpid() != here:
            raise RuntimeError("a child that fails")
        return [item * 2 for item in piece]

    assert map_parts(only_here, [1, 2, 3, 4], 2) == [[2, 4], [6, 8]]


def test_the_executor_splits_a_pass_only_from_its_threshold(monkeypatch):
    here = os.getpid()
    monkeypatch.setitem(thresholds.SPLIT_FROM, "prefilter", 10)
    executor = Executor(jobs=2)
    assert executor.map_items(lambda item: os.getpid() == here, list(range(4)), "prefilter") == [True] * 4
    monkeypatch.setitem(thresholds.SPLIT_FROM, "prefilter", 4)
    assert executor.map_items(lambda item: os.getpid() == here, list(range(4)), "prefilter") == [True, True, False, False]
    assert Executor(jobs=1).map_items(lambda item: os.getpid() == here, list(range(4)), "prefilter") == [True] * 4
    assert executor.map_items(str, list(range(5)), "prefilter") == ["0", "1", "2", "3", "4"]


def test_under_the_fewest_items_there_is_one_part_done_here():
    here = os.getpid()
    assert map_parts(lambda piece: (list(piece), os.getpid() == here), list(range(6)), 3, fewest=7) == [([0, 1, 2, 3, 4, 5], True)]
    assert len(map_parts(list, list(range(6)), 3, fewest=6)) == 3
