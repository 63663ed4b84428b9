"""Sources: the scanned files' bytes, read once, and the answers to the model's questions
about their text (model.texts.Questions), found through the scan's search index."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from wscheck.discovery import SourceFile
from wscheck.facts import Location, ParseFailure, Role
from wscheck.search import Index, first_mentions, names_used_beyond_definition, words_named

if TYPE_CHECKING:
    from wscheck.executor import Executor

CODE_ROLES = (Role.SERVER, Role.CLIENT)


class Reader:
    """File bytes by display path, read once. Code files stay in memory (the demand loop
    searches them again and again); an unreadable code file becomes a ParseFailure."""

    def __init__(self, files: tuple[SourceFile, ...]) -> None:
        self.files = {f.path: f for f in files}
        self.cache: dict[str, bytes] = {}
        self.failures: dict[str, ParseFailure] = {}
        self._lines: dict[str, list[bytes]] = {}

    def read(self, path: str) -> bytes:
        if path in self.cache:
            return self.cache[path]
        file = self.files.get(path)
        if file is None:
            return b""
        try:
            data = _read_bytes(file.abspath)
        except OSError as error:
            data = b""
            if file.role in CODE_ROLES:
                self.failures[path] = ParseFailure(path, Location(path, 1, 1), f"cannot read: {error.strerror}")
        if file.role in CODE_ROLES:
            self.cache[path] = data
        return data

    def read_file(self, file: SourceFile) -> bytes:
        return self.read(file.path)

    def line(self, path: str, line: int) -> str:
        """One source line, for fingerprints."""
        if path not in self._lines:
            self._lines[path] = self.read(path).splitlines()
        lines = self._lines[path]
        text = lines[line - 1] if 0 < line <= len(lines) else b""
        return text.decode("utf-8", "replace")


def _read_bytes(path: str) -> bytes:
    """A file's bytes in one read of the size it has (a third cheaper than `open().read()`
    over 10,000 files); a file that grew meanwhile is read to its end."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)
        if len(data) <= size:
            return data
        rest = [data]
        while chunk := os.read(handle, 1 << 20):
            rest.append(chunk)
        return b"".join(rest)
    finally:
        os.close(handle)


class Answers:
    """The model's questions (model.texts.Questions), answered from the files' bytes by path:
    through the scan's index when there is one, split across cores by its executor where a
    pass is long."""

    def __init__(self, read: Callable[[str], bytes], index: Index | None = None, executor: Executor | None = None) -> None:
        self.read = read
        self.index = index
        self.executor = executor

    def words_named(self, paths: Sequence[str], words: Iterable[bytes]) -> set[bytes]:
        return words_named(paths, words, self.read, self.index)

    def names_used(self, paths: Sequence[str], names: Iterable[str]) -> set[str]:
        return names_used_beyond_definition(paths, names, self.read)

    def first_mentions(self, paths: Sequence[str], wanted: set[str]) -> dict[str, Location]:
        if not wanted:
            return {}
        found: dict[str, Location] = {}

        def mentions(part: Sequence[str]) -> dict[str, Location]:
            return first_mentions(part, wanted, self.read)

        pieces = self.executor.map_parts(mentions, list(paths), "mentions") if self.executor is not None else [mentions(paths)]
        for piece in pieces:
            for needle, location in piece.items():  # consecutive parts, in order: the first one wins
                found.setdefault(needle, location)
        return found
