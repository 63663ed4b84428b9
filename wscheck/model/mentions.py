"""Mentions: where test and doc files name an endpoint's path or message types (phases 5, 6).

Plain text search: a test "names" a path when the path appears in it; nothing is parsed.
"""

from __future__ import annotations

from typing import Callable, Iterable

from wscheck.facts import Location

MAX_TEXT_BYTES = 2_000_000


SHARD_FILES = 200  # from this many files (and several cores), the search is split across them


def find_mentions(files: Iterable[str], wanted: set[str], read: Callable[[str], bytes], parts: int = 1) -> dict[str, Location]:
    """The first place (in path order) each wanted string appears."""
    if not wanted:
        return {}
    from wscheck.shards import map_parts

    found: dict[str, Location] = {}
    for piece in map_parts(lambda part: _first_mentions(part, wanted, read), list(files), parts, SHARD_FILES):
        for needle, location in piece.items():  # consecutive parts, in order: the first one wins
            found.setdefault(needle, location)
    return found


def _first_mentions(files: list[str], wanted: set[str], read: Callable[[str], bytes]) -> dict[str, Location]:
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
