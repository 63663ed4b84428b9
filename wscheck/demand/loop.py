"""The demand loop: extract what is wanted, ask the facts what else is wanted, repeat.

Both sides run this one loop, so its termination (at most MAX_ROUNDS rounds) holds for
both. A side may make a file's extraction depend on what earlier rounds found (its
`key`); a file is extracted again only when its key changes and its facts were not read
from the whole file. A file that failed is not tried again: a key only ever keeps more of
a file, which cannot mend a syntax error nor make a file that overran its budget faster.
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, Protocol, TypeVar

from wscheck.demand.tasks import Task
from wscheck.discovery import SourceFile
from wscheck.facts import ParseFailure

MAX_ROUNDS = 8
T = TypeVar("T")


class Side(Protocol):
    def key(self, file: SourceFile) -> Hashable:
        """What this file's extraction depends on beyond its bytes, given what is known now."""

    def task(self, file: SourceFile, key: Hashable) -> Task:
        """What extracting this file with this key means."""

    def expand(self, facts: list) -> tuple[dict[str, SourceFile], bool]:
        """(files the facts ask for, whether what is known grew so that keys may change)."""


class Extractor(Protocol):
    def run(self, batch: list[Task]) -> list:
        """The facts of each task, in order."""


def run(side: Side, initial: Iterable[SourceFile], extractor: Extractor) -> list:
    """Every extracted file's facts, in the order the files were first extracted. Each
    round's files go to the extractor together, so that they can be parsed in parallel."""
    wanted = {f.path: f for f in initial}
    extracted: dict[str, tuple[Hashable, object]] = {}
    for _ in range(MAX_ROUNDS):
        batch: list[tuple[str, Hashable, Task]] = []
        for path, file in sorted(wanted.items()):
            if path in extracted and _final(extracted[path][1]):
                continue  # not even its key is worth working out: that reads the whole file again
            key = side.key(file)
            if path in extracted and extracted[path][0] == key:
                continue
            batch.append((path, key, side.task(file, key)))
        for (path, key, _), facts in zip(batch, extractor.run([task for _, _, task in batch])):
            extracted[path] = (key, facts)
        more, grew = side.expand([facts for _, facts in extracted.values()])
        more = {**wanted, **more}
        if not grew and more.keys() == wanted.keys():
            break
        wanted = more
    return [facts for _, facts in extracted.values()]


def _final(facts) -> bool:
    """Facts read from a whole file hold whatever the key; a failure stays one."""
    return isinstance(facts, ParseFailure) or getattr(facts, "whole", False)


def closure(seed: set[T], step: Callable[[set[T]], set[T]]) -> set[T]:
    """Grow `seed` by `step(current)` until it stops growing."""
    current = set(seed)
    while True:
        grown = step(current) - current
        if not grown:
            return current
        current |= grown
