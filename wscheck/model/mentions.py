"""Mentions: where test and doc files name an endpoint's path or message types (phases 5, 6).

Plain text search: a test "names" a path when the path appears in it; nothing is parsed.
"""

from __future__ import annotations

from typing import Callable, Iterable

from wscheck.facts import Location

MAX_TEXT_BYTES = 2_000_000


def find_mentions(files: Iterable[str], wanted: set[str], read: Callable[[str], bytes]) -> dict[str, Location]:
    """The first place (in path order) each wanted string appears."""
    found: dict[str, Location] = {}
    remaining = set(wanted)
    for path in files:
        if not remaining:
            break
        text = read(path)[:MAX_TEXT_BYTES].decode("utf-8", errors="replace")
        for needle in sorted(remaining):
            index = text.find(needle)
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                found[needle] = Location(path, line, column)
        remaining -= found.keys()
    return found
