"""Links: the symlinks discovery meets, followed only into the scanned paths, and only once.

A link may lead anywhere: to `/` (the whole file system), to `/etc`, to the project beside
this one, or back to a parent (a loop). As git keeps to its work tree, a link is followed
only when its real target lies inside one of the given paths (their real paths), and only
after every given path is walked, so that a file is found where it is and a link to what
was already walked adds nothing. What is not followed is said under `--verbose`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Container, Iterator

from wscheck.filenames import printable

# a Windows junction leads elsewhere as a symlink does (Python 3.12 tells them apart)
_JUNCTIONS = os.name == "nt" and hasattr(os.DirEntry, "is_junction")


def _link_or_junction(entry: os.DirEntry) -> bool:
    return entry.is_symlink() or entry.is_junction()


# whether a directory entry leads elsewhere: the listing says so, no system call
is_link = _link_or_junction if _JUNCTIONS else os.DirEntry.is_symlink


@dataclass(frozen=True)
class Link:
    path: str  # where the walk met it
    real: str  # where it leads, resolved
    scan_root: str  # the given path it was met under
    ignores: object  # the ignore rules in force where it was met
    is_dir: bool


class Links:
    def __init__(self, roots: tuple[str, ...], show: Callable[[str], str]) -> None:
        self.prefixes = tuple(r.rstrip(os.sep) + os.sep for r in roots)
        self.show = show  # a path as reports write it
        self.visited: set[str] = set()  # the real paths of the directories walked
        self.skipped: list[str] = []  # one line each: the link, where it leads, why not followed
        self._met: list[Link] = []

    def meet(self, path: str, scan_root: str, ignores: object, is_dir: bool) -> None:
        """A link the walk came upon: kept to follow later, or skipped with a note."""
        real = os.path.realpath(path)
        if not os.path.exists(real):
            self._skip(path, "dangling (no such target, or a loop of links)")
        elif not (real + os.sep).startswith(self.prefixes):
            self._skip(path, "outside the scanned paths, not followed")
        elif is_dir or os.path.isfile(real):  # not a FIFO or a device: nothing to read there
            self._met.append(Link(path, real, scan_root, ignores, is_dir))

    def followed(self, found: Container[str]) -> Iterator[Link]:
        """The links met, in order, including those met while walking the ones followed;
        each only if what it leads to (by real path) was not walked or `found` already."""
        index = 0
        while index < len(self._met):
            link = self._met[index]
            index += 1
            if link.real in (self.visited if link.is_dir else found):
                self._skip(link.path, "already scanned, not followed again")
            else:
                yield link

    def _skip(self, path: str, why: str) -> None:
        try:
            target = os.readlink(path)  # as the link says it, as `ls -l` shows it
        except (OSError, ValueError):
            target = "?"
        self.skipped.append(f"{self.show(path)} -> {printable(target)}: {why}")
