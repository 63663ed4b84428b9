"""Options: what server extraction depends on besides a file's bytes (parser-free, so the
demand loop and the cache can name it without loading libcst)."""

from __future__ import annotations

from dataclasses import dataclass

# Bumped whenever what a server fact holds changes: it is part of the options' repr, so of the
# cache key, and stale entries are never reused.
FACTS_VERSION = 4


@dataclass(frozen=True)
class ServerOptions:
    type_keys: tuple[str, ...]
    broadcast_functions: tuple[str, ...]
    hints: tuple[str, ...] = ()  # more words that make a function worth keeping: `helper(` calls, sent types
    facts_version: int = FACTS_VERSION
