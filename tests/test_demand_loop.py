"""The demand loop: a file is extracted again when its key changes, unless its facts
cannot change: read from the whole file, or a failure (a syntax error, an overrun budget)."""

from __future__ import annotations

from wscheck.demand import loop
from wscheck.demand.tasks import Abandoned, Task
from wscheck.discovery import SourceFile
from wscheck.facts import Location, Role


class _Facts:
    def __init__(self, path: str) -> None:
        self.path = path


class _Side:
    """Every round learns something (for three rounds), so every key changes."""

    def __init__(self) -> None:
        self.round = 0
        self.keyed: list[str] = []

    def key(self, file: SourceFile) -> int:
        self.keyed.append(file.path)
        return self.round

    def task(self, file: SourceFile, key) -> Task:
        return Task(file.path, b"", "unused:unused", (), str(key))

    def expand(self, facts: list):
        self.round += 1
        return {}, self.round < 3


class _Extractor:
    def __init__(self) -> None:
        self.runs: list[str] = []

    def run(self, batch: list[Task]) -> list:
        self.runs += [task.path for task in batch]
        return [Abandoned(t.path, Location(t.path, 1), "abandoned") if t.path == "slow.py" else _Facts(t.path) for t in batch]


def _file(path: str) -> SourceFile:
    return SourceFile(path, path, Role.SERVER, ".")


def test_a_file_that_failed_is_neither_extracted_nor_keyed_again():
    side, extractor = _Side(), _Extractor()
    facts = loop.run(side, [_file("ok.py"), _file("slow.py")], extractor)
    assert extractor.runs == ["ok.py", "slow.py", "ok.py", "ok.py"]  # three rounds; the overrun file once
    assert side.keyed.count("slow.py") == 1
    assert [type(f).__name__ for f in facts] == ["_Facts", "Abandoned"]
