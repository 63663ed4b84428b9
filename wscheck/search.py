"""Search: which files name any of a set of words, in one pass over each file's bytes.

The demand-driven extraction asks this many times (helper names, hook names, router
modules, message types). Words that are identifiers are found by splitting a file into
identifiers once and intersecting sets, which stays linear however many words there are
(a regex alternation of hundreds of words does not). Quoted words (`"status_update"`,
the f-string pieces `"system_` and `_update"`) are found the same way, among the runs of
name characters that follow or precede a quote; any other word uses an alternation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

File = TypeVar("File")
Read = Callable[[File], bytes]
IDENTIFIER = re.compile(rb"[A-Za-z_$][\w$]*")
_RUN = rb"[\w.:/-]+"  # the characters of a message type or a channel name (demand.types._TYPE_LIKE)
_AFTER_QUOTE = re.compile(rb"[\"'](" + _RUN + rb")")
_QUOTED_WORD = re.compile(rb"(?P<open>[\"'])?(?P<run>" + _RUN + rb")(?P<close>[\"'])?\Z")


def _alternation(words: Iterable[bytes]) -> re.Pattern[bytes] | None:
    ordered = sorted(set(words), key=len, reverse=True)  # longest first: `useWsStatus` before `useWs`
    return re.compile(b"|".join(re.escape(word) for word in ordered)) if ordered else None


FEW_WORDS = 32  # up to this many, a plain substring test rules most files out first


@lru_cache(maxsize=4096)  # the demand searches the same files round after round; bounded memory
def identifiers(data: bytes) -> frozenset[bytes]:
    """The identifiers in a file's bytes (bytes cache their hash, so a hit costs little)."""
    return frozenset(IDENTIFIER.findall(data))


@lru_cache(maxsize=4096)
def quoted_runs(data: bytes) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """(runs of name characters right after a quote, the same right before one, reversed):
    each run whole, so `"system_` is found in `f"system_{level}"` and not in `"system_alert"`."""
    return frozenset(_AFTER_QUOTE.findall(data)), frozenset(_AFTER_QUOTE.findall(data[::-1]))


class Words:
    def __init__(self, words: Iterable[bytes]):
        words = set(words)
        self.identifiers = {w for w in words if IDENTIFIER.fullmatch(w)}
        # quoted: word -> (run after its opening quote or None, run before its closing quote, reversed, or None)
        self.quoted: dict[bytes, tuple[bytes | None, bytes | None]] = {}
        for word in words - self.identifiers:
            match = _QUOTED_WORD.match(word)
            if match and (match["open"] or match["close"]) and (not match["open"] or not match["close"] or match["open"] == match["close"]):
                run = match["run"]
                self.quoted[word] = (run if match["open"] else None, run[::-1] if match["close"] else None)
        self.others = _alternation(words - self.identifiers - self.quoted.keys())
        self.few = tuple(words) if len(words) <= FEW_WORDS else None

    def __bool__(self) -> bool:
        return bool(self.identifiers or self.quoted) or self.others is not None

    def found_in(self, data: bytes) -> set[bytes]:
        if self.few is not None and not any(word in data for word in self.few):
            return set()  # memchr-fast, and the usual answer
        hits = self.identifiers & identifiers(data) if self.identifiers else set()
        if self.quoted:
            after, before = quoted_runs(data)
            hits |= {
                word for word, (opened, closed) in self.quoted.items()
                if (opened is None or opened in after) and (closed is None or closed in before)
                and (opened is None or closed is None or word in data)  # both quotes: the very literal
            }
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
