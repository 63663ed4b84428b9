"""Texts: what the model may search as plain text — every scanned file by role, read
through the engine's reader (the model never opens a file itself)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from wscheck.facts import ParseFailure, Role


@dataclass(frozen=True)
class Texts:
    files: dict[Role, tuple[str, ...]]  # display paths, in discovery order
    read: Callable[[str], bytes]  # path -> bytes (b"" when unreadable)
    python_modules: tuple[str, ...] = ()  # dotted names of every server file, parsed or not
    unreadable: tuple[ParseFailure, ...] = field(default=())  # code files that could not be read

    def of(self, role: Role) -> tuple[str, ...]:
        return self.files.get(role, ())
