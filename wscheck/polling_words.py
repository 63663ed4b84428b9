"""Polling words: the names that say a function fetches, for a callback whose body
cannot be seen (a prop, a hook's result, a module that was not scanned)."""

from __future__ import annotations

import re

_FETCHING_NAME = re.compile(r"^(re)?(fetch|load|poll|refresh|reload|revalidate|invalidate|sync|request)", re.I)
# Requests on a timer that no WebSocket replaces: credentials and liveness.
_UPKEEP_WORDS = frozenset({"token", "tokens", "auth", "oauth", "session", "sessions", "keepalive", "heartbeat", "ping"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def fetching_name(name: str) -> bool:
    """`fetchStatus`, `refetch`, `loadJobs`, `refreshData`; not `tick`, `updateClock`,
    nor `refreshToken` or `sendHeartbeat` (upkeep, not polling for data)."""
    return bool(_FETCHING_NAME.match(name)) and not upkeep_name(name)


def upkeep_name(name: str) -> bool:
    """`refreshToken`, `renewSession`, `keepAlive`, `ping`: a timer that keeps a session alive."""
    words = [word.lower() for word in _WORD.findall(name)]
    return any(word in _UPKEEP_WORDS for word in words) or any(
        a == "keep" and b == "alive" for a, b in zip(words, words[1:])
    )
