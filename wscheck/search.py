"""Search: which files name any of a set of words, in one pass over each file's bytes.

The demand-driven extraction asks this many times (helper names, hook names, router
modules, message types). Words that are identifiers are found by splitting a file into
identifiers once and intersecting sets, which stays linear however many words there are
(a regex alternation of hundreds of words does not). Quoted words (`"status_update"`,
the f-string pieces `"system_` and `_update"`) are found the same way, among the runs of
name characters that follow or precede a quote; any other word uses an alternation.

With an `Index` (a scan's, owned by the engine and handed to the demand and to the model's
answers), each file is split into words once, into an inverted index (word -> the files
holding it): a search over 10,000 files, round after round, is then a lookup of its words,
and a quoted word is checked only in the files that hold its name characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Generic, Iterable, Iterator, TypeVar

from wscheck.facts import Location

if TYPE_CHECKING:
    from wscheck.executor import Executor

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


# the bytes of a word in the index: what IDENTIFIER matches, split by a table instead of a
# regex (twice as fast); a word right after a digit (`0xFF`) stays with it, which no
# searched name is
_WORD_BYTES = frozenset(b"0123456789_$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_TO_WORDS = bytes(c if c in _WORD_BYTES else 32 for c in range(256))


def index_words(data: bytes) -> set[bytes]:
    return set(data.translate(_TO_WORDS).split())


def _postings(numbered: list[tuple[int, bytes]]) -> dict[bytes, list[int]]:
    postings: dict[bytes, list[int]] = {}
    for number, data in numbered:
        for word in index_words(data):
            held = postings.get(word)
            if held is None:
                postings[word] = [number]
            else:
                held.append(number)
    return postings


class Index:
    """Word -> the numbers of the files holding it, each file split once, when first searched.
    Many files at once are split across cores by the scan's executor."""

    def __init__(self, executor: Executor | None = None) -> None:
        self.executor = executor
        self._numbers: dict[int, int] = {}  # id(bytes) -> number
        self._held: list[bytes] = []  # keeps each indexed file's bytes alive, so its id stays its own
        self._by_file: dict[int, int] = {}  # id(file) -> number: a file searched again is not read again
        self._files: list = []  # keeps those files alive
        self.postings: dict[bytes, list[int]] = {}

    def numbers_of(self, files: list[File], read: Read) -> list[int]:
        """The number of each file, reading and indexing only those not seen yet (within one
        index, a file's bytes do not change)."""
        known = self._by_file
        new = [file for file in files if id(file) not in known]
        if new:
            for file, number in zip(new, self.numbers([read(file) for file in new])):
                known[id(file)] = number
            self._files.extend(new)
        return [known[id(file)] for file in files]

    def numbers(self, datas: list[bytes]) -> list[int]:
        """The number of each file's bytes, indexing those not indexed yet."""
        new: list[tuple[int, bytes]] = []
        for data in datas:
            if id(data) not in self._numbers:
                number = len(self._held)
                self._held.append(data)
                self._numbers[id(data)] = number
                new.append((number, data))
        if not new:
            pieces = []
        else:
            pieces = self.executor.map_parts(_postings, new, "words") if self.executor is not None else [_postings(new)]
        postings = self.postings
        for piece in pieces:  # in order, so each word's numbers stay ascending
            for word, numbers in piece.items():
                held = postings.get(word)
                if held is None:
                    postings[word] = numbers
                else:
                    held.extend(numbers)
        return [self._numbers[id(data)] for data in datas]

    def holding(self, word: bytes) -> list[int]:
        return self.postings.get(word, [])

    def holding_all(self, words: list[bytes]) -> set[int] | None:
        """The files holding every one of `words` (None: no words, so no narrowing)."""
        if not words:
            return None
        found = set(self.holding(words[0]))
        for word in words[1:]:
            found.intersection_update(self.holding(word))
        return found


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
            hits |= self._quoted_in(data, self.quoted)
        if self.others is not None:
            hits |= set(self.others.findall(data))
        return hits

    @staticmethod
    def _quoted_in(data: bytes, quoted: dict[bytes, tuple[bytes | None, bytes | None]]) -> set[bytes]:
        after, before = quoted_runs(data)
        return {
            word for word, (opened, closed) in quoted.items()
            if (opened is None or opened in after) and (closed is None or closed in before)
            and (opened is None or closed is None or word in data)  # both quotes: the very literal
        }

    def found_in_files(self, files: list[File], read: Read, index: Index) -> Iterator[tuple[File, set[bytes]]]:
        """(file, the words it holds) for each file holding any, in order, by the index: an
        identifier by its postings; a quoted word checked only where its name characters are."""
        numbers = index.numbers_of(files, read)
        hits: dict[int, set[bytes]] = {}
        for word in self.identifiers:
            for number in index.holding(word):
                hits.setdefault(number, set()).add(word)
        suspects: dict[int, dict[bytes, tuple[bytes | None, bytes | None]]] = {}
        unnarrowed: dict[bytes, tuple[bytes | None, bytes | None]] = {}
        for word, runs in self.quoted.items():
            holding = index.holding_all(sorted(index_words(runs[0] or runs[1][::-1]), key=len, reverse=True))
            if holding is None:
                unnarrowed[word] = runs
                continue
            for number in holding:
                suspects.setdefault(number, {})[word] = runs
        for file, number in zip(files, numbers):
            found = hits.get(number, set())
            quoted = {**suspects.get(number, {}), **unnarrowed}
            if quoted or self.others is not None:
                data = read(file)
                found = found | (self._quoted_in(data, quoted) if quoted else set())
                if self.others is not None:
                    found |= set(self.others.findall(data))
            if found:
                yield file, found


class Patterns:
    """Which of a set of byte patterns a file holds, in fewer scans than patterns: a pattern
    is looked for only where its gate is (its longest word when that is distinctive, else
    itself), and patterns sharing a gate (`websocket_route`, `.websocket(`: `websocket`)
    share its scan; gates sharing a long run of bytes (`WebSocketRoute`, `WebSocketResponse`:
    `WebSocketR`) are one gate, and a gate whose every pattern holds another one goes. A
    scan of a file costs as much whoever looks, so fewer scans is faster."""

    def __init__(self, patterns: Iterable[bytes]) -> None:
        patterns = sorted(set(patterns))
        gates = _merged(_innermost({_gate(p) for p in patterns}))
        for gate in sorted(gates, key=lambda g: (len(g), g), reverse=True):  # the least telling first
            others = [g for g in gates if g != gate]
            if all(any(other in p for other in others) for p in patterns if gate in p):
                gates = others
        ordered = sorted(gates, key=lambda g: (len(g), g))
        self.by_gate: dict[bytes, list[bytes]] = {gate: [] for gate in ordered}
        for pattern in patterns:
            self.by_gate[next(g for g in ordered if g in pattern)].append(pattern)
        self.by_gate = {gate: held for gate, held in self.by_gate.items() if held}  # a gate no pattern uses

    def found_in(self, data: bytes) -> frozenset[bytes]:
        found = [p for gate, held in self.by_gate.items() if gate in data for p in held if p == gate or p in data]
        return frozenset(found)


MERGED_GATE = 8  # bytes two gates must share to become one: as rare in code as either


def _innermost(candidates: Iterable[bytes]) -> list[bytes]:
    """The gates holding no shorter one: a gate holding a shorter one is found wherever it is."""
    gates: list[bytes] = []
    for gate in sorted(set(candidates), key=lambda g: (len(g), g)):
        if not any(shorter in gate for shorter in gates):
            gates.append(gate)
    return gates


def _merged(gates: list[bytes]) -> list[bytes]:
    """Gates sharing MERGED_GATE bytes or more replaced by what they share, the longest first."""
    from difflib import SequenceMatcher
    from itertools import combinations

    while True:
        best = b""
        for first, second in combinations(gates, 2):
            match = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(0, len(first), 0, len(second))
            shared = first[match.a : match.a + match.size]
            if len(shared) >= MERGED_GATE and (len(shared), shared) > (len(best), best):
                best = shared
        if not best:
            return gates
        gates = _innermost([g for g in gates if best not in g] + [best])


def _gate(pattern: bytes) -> bytes:
    words = sorted(index_words(pattern), key=lambda w: (-len(w), w))
    return words[0] if words and len(words[0]) >= 6 else pattern


def _found(files: Iterable[File], wanted: Words, read: Read, index: Index | None) -> Iterator[tuple[File, set[bytes]]]:
    if index is not None:
        yield from wanted.found_in_files(list(files), read, index)
        return
    for file in files:
        found = wanted.found_in(read(file))
        if found:
            yield file, found


def files_naming(files: Iterable[File], words: Iterable[bytes], read: Read, index: Index | None = None) -> list[File]:
    """The files whose bytes contain at least one of `words` (identifiers as whole words)."""
    wanted = Words(words)
    return [file for file, _ in _found(files, wanted, read, index)] if wanted else []


def files_by_word(files: Iterable[File], words: Iterable[bytes], read: Read, index: Index | None = None) -> dict[bytes, list[File]]:
    """For each of `words`, the files that contain it: one pass over the files for all of
    them, instead of one pass per word."""
    wanted = Words(words)
    found: dict[bytes, list[File]] = {}
    if not wanted:
        return found
    for file, hits in _found(files, wanted, read, index):
        for word in hits:
            found.setdefault(word, []).append(file)
    return found


def words_named(files: Iterable[File], words: Iterable[bytes], read: Read, index: Index | None = None) -> set[bytes]:
    """Which of `words` occur anywhere in `files`."""
    remaining = set(words)
    found: set[bytes] = set()
    wanted = Words(remaining)
    if index is not None:
        for _, hits in _found(files, wanted, read, index):
            found |= hits
        return found
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
    needles = [n.encode() for n in names]
    alternatives = b"|".join(re.escape(n.encode()) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rb"((?:def|class)\s+)?(?<![\w$])(" + alternatives + rb")(?![\w$])")  # whole words: `run` is not in `running`
    used: set[str] = set()
    for file in files:
        data = read(file)
        if not any(needle in data for needle in needles):
            continue  # memchr-fast, and the usual answer
        for definition, name in pattern.findall(data):
            if not definition:
                used.add(name.decode())
        if used >= names:
            break
    return used


class Search(Generic[File]):
    """The searches over one kind of file (read by `read`), through a scan's index when it
    has one: what the demand is handed."""

    def __init__(self, read: Read, index: Index | None = None) -> None:
        self.read = read
        self.index = index

    def naming(self, files: Iterable[File], words: Iterable[bytes]) -> list[File]:
        return files_naming(files, words, self.read, self.index)

    def by_word(self, files: Iterable[File], words: Iterable[bytes]) -> dict[bytes, list[File]]:
        return files_by_word(files, words, self.read, self.index)

    def named(self, files: Iterable[File], words: Iterable[bytes]) -> set[bytes]:
        return words_named(files, words, self.read, self.index)


MAX_TEXT_BYTES = 2_000_000  # of a test or doc file, looked at for first mentions


def first_mentions(files: Iterable[str], wanted: set[str], read: Callable[[str], bytes]) -> dict[str, Location]:
    """The first place (in the files' order) each wanted string appears: plain text, nothing
    parsed (a test "names" a path when the path appears in it)."""
    found: dict[str, Location] = {}
    remaining = {needle: needle.encode("utf-8", "surrogatepass") for needle in wanted}
    for path in files:
        if not remaining:
            break
        data = read(path)[:MAX_TEXT_BYTES]
        # a needle absent from the bytes is absent from the text (one made of decoded characters
        # appears encoded); U+FFFD may stand for bytes that were not UTF-8, so it is looked for in the text
        present = sorted(n for n, encoded in remaining.items() if encoded in data or "\ufffd" in n)
        if not present:
            continue
        text = data.decode("utf-8", errors="replace")
        for needle in present:
            index = text.find(needle)
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                found[needle] = Location(path, line, column)
                del remaining[needle]
    return found
