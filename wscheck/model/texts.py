"""Texts: the scanned files by role, and the questions the model asks of their text. The
engine answers them (an index, other processes, a cache: the model cannot tell); the model
never reads a file itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol, Sequence

from wscheck.facts import Location, ParseFailure, Role


@dataclass(frozen=True)
class Texts:
    files: dict[Role, tuple[str, ...]]  # display paths, in discovery order
    python_modules: tuple[str, ...] = ()  # dotted names of every server file, parsed or not
    unreadable: tuple[ParseFailure, ...] = field(default=())  # code files that could not be read

    def of(self, role: Role) -> tuple[str, ...]:
        return self.files.get(role, ())


class Questions(Protocol):
    """What the model asks of the text of the files it names by path."""

    def words_named(self, paths: Sequence[str], words: Iterable[bytes]) -> set[bytes]:
        """Which of `words` occur anywhere in these files (identifiers as whole words)."""

    def names_used(self, paths: Sequence[str], names: Iterable[str]) -> set[str]:
        """The names that occur in these files somewhere other than their own `def name(` or
        `class Name`."""

    def first_mentions(self, paths: Sequence[str], wanted: set[str]) -> dict[str, Location]:
        """The first place (in the order of `paths`) each wanted string appears."""
