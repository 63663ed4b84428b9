"""Mentions: the first place, in path order, where a test or doc file names a string."""

from __future__ import annotations

from wscheck.facts import Location
from wscheck.search import first_mentions
from wscheck.sources import Answers


def test_the_first_file_and_place_naming_each_string():
    files = {
        "a_test.py": b"import x\n\n",
        "b_test.py": b'# caf\xc3\xa9\n  ws.connect("/ws/alerts")\n',
        "c_test.py": b'"/ws/alerts" "alerts_update"\n',
    }
    found = first_mentions(files, {"/ws/alerts", "alerts_update", "missing"}, files.__getitem__)
    assert found == {"/ws/alerts": Location("b_test.py", 2, 15), "alerts_update": Location("c_test.py", 1, 15)}


def test_bytes_that_are_not_utf8_neither_hide_nor_invent_a_mention():
    files = {"a.md": b"\xff\xfe/ws/feed\xe2 and caf\xc3\xa9", "b.md": b"\xe9t\xe9"}
    found = first_mentions(files, {"/ws/feed", "café", "\ufffdt\ufffd"}, files.__getitem__)
    assert found == {"/ws/feed": Location("a.md", 1, 3), "café": Location("a.md", 1, 17), "\ufffdt\ufffd": Location("b.md", 1, 1)}


def test_split_across_processes_the_first_place_is_the_same(monkeypatch):
    from wscheck.executor import Executor, thresholds

    monkeypatch.setitem(thresholds.SPLIT_FROM, "mentions", 4)
    files = {f"t{i:03}_test.py": f'# case {i}\nconnect("/ws/feed{i % 7}")\n'.encode() for i in range(40)}
    wanted = {f"/ws/feed{n}" for n in range(9)}
    alone = Answers(files.__getitem__).first_mentions(list(files), wanted)
    assert Answers(files.__getitem__, executor=Executor(3)).first_mentions(list(files), wanted) == alone
    assert alone["/ws/feed6"] == Location("t006_test.py", 2, 10) and "/ws/feed8" not in alone
