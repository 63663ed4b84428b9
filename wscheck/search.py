"""Search: which files name any of a set of words, in one pass over each file's bytes.

The demand-driven extraction asks this many times (helper names, hook names, router
modules, message types). Words that are identifiers are found by splitting a file into
identifiers once and intersecting sets, which stays linear however many words there are
(a regex alternation of hundreds of words does not); other words use an alternation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

File = TypeVar("File")
Read = Callable[[File], bytes]
IDENTIFIER = re.compile(rb"[A-Za-z_$][\w$]*")


def _alternation(words: Iterable[bytes]) -> re.Pattern[bytes] | None:
    ordered = sorted(set(words), key=len, reverse=True)  # longest first: `useWsStatus` before `useWs`
    return re.compile(b"|".join(re.escape(word) for word in ordered)) if ordered else None


FEW_WORDS = 32  # up to this many, a plain substring test rules most files out first


@lru_cache(maxsize=4096)  # the demand searches the same files round after round; bounded memory
def identifiers(data: bytes) -> frozenset[bytes]:
    """The identifiers in a file's bytes (bytes cache their hash, so a hit costs little)."""
    return frozenset(IDENTIFIER.findall(data))


class Words:
    def __init__(self, words: Iterable[bytes]):
        words = set(words)
        self.identifiers = {w for w in words if IDENTIFIER.fullmatch(w)}
        self.others = _alternation(words - self.identifiers)
        self.few = tuple(words) if len(words) <= FEW_WORDS else None

    def __bool__(self) -> bool:
        return bool(self.identifiers) or self.others is not None

    def found_in(self, data: bytes) -> set[bytes]:
        if self.few is not None and not any(word in data for word in self.few):
            return set()  # memchr-fast, and the usual answer
        hits = self.identifiers & identifiers(data) if self.identifiers else set()
        if self.others is not None:
            hits |= set(self.others.findall(data))
        return hits


def files_naming(files: Iterable[File], words: Iterable[bytes], read: Read) -> list[File]:
    """The files whose bytes contain at least one of `words` (identifiers as whole words)."""
    wanted = Words(words)
    return [file for file in files if wanted and wanted.found_in(read(file))] if wanted else []


def files_by_word(files: Iterable[File], words: Iterable[bytes], read: Read) -> dict[bytes, list[File]]:
    """For each of `words`, the files that contain it: one pass over the files for all of
    them, instead of one pass per word."""
    wanted = Words(words)
    found: dict[bytes, list[File]] = {}
    if not wanted:
        return found
    for file in files:
        for word in wanted.found_in(read(file)):
            found.setdefault(word, []).append(file)
    return found


def words_named(files: Iterable[File], words: Iterable[bytes], read: Read) -> set[bytes]:
    """Which of `words` occur anywhere in `files`."""
    remaining = set(words)
    found: set[bytes] = set()
    wanted = Words(remaining)
    for file in files:
        if not wanted:
            break
        hits = wanted.found_in(read(file))
        if hits:
            found |= hits
            remaining -= hits
            wanted = Words(remaining)
    return found


def names_used_beyond_definition(files: Iterable[File], names: Iterable[str], read: Read) -> set[str]:
    """Names that occur somewhere other than in their own `def name(` / `class Name`."""
    names = set(names)
    if not names:
        return set()
    alternatives = b"|".join(re.escape(n.encode()) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rb"((?:def|class)\s+)?(?<![\w$])(" + alternatives + rb")(?![\w$])")  # whole words: `run` is not in `running`
    used: set[str] = set()
    for file in files:
        for definition, name in pattern.findall(read(file)):
            if not definition:
                used.add(name.decode())
        if used >= names:
            break
    return used
