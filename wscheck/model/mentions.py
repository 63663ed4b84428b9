"""Mentions: where test and doc files name an endpoint's path or message types (phases 5, 6).

Plain text search: a test "names" a path when the path appears in it; nothing is parsed.
"""

from __future__ import annotations

from wscheck.discovery import SourceFile
from wscheck.facts import Location

MAX_TEXT_BYTES = 2_000_000


def find_mentions(files: list[SourceFile], wanted: set[str]) -> dict[str, Location]:
    """The first place (in path order) each wanted string appears."""
    found: dict[str, Location] = {}
    remaining = set(wanted)
    for file in files:
        if not remaining:
            break
        try:
            with open(file.abspath, "rb") as handle:
                text = handle.read(MAX_TEXT_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        for needle in sorted(remaining):
            index = text.find(needle)
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                found[needle] = Location(file.path, line, column)
        remaining -= found.keys()
    return found
