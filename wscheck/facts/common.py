"""Facts of either language: where (`Location`), what a file is for, suppressions, unread files."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, order=True)
class Location:
    file: str  # relative POSIX path, as displayed
    line: int  # 1-based
    column: int = 1  # 1-based


class Role(str, Enum):
    SERVER = "server"
    CLIENT = "client"
    TEST = "test"
    DOC = "doc"
    CONFIG = "config"  # tsconfig.json / jsconfig.json / package.json: module resolution, not code



@dataclass(frozen=True)
class Suppression:
    """`# wscheck: ignore[WS101]` (codes empty = all) on `line`; a comment alone on its line
    also covers the next line."""

    line: int
    codes: tuple[str, ...]
    own_line: bool = True

    def covers(self, line: int) -> bool:
        return line == self.line or (self.own_line and line == self.line + 1)


@dataclass(frozen=True)
class ParseFailure:
    path: str
    location: Location
    reason: str
    valid_python: bool = False  # CPython reads it, the parser wscheck uses does not: a lesser WS001
