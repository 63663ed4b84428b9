"""Polling words: the names that say a function fetches (for a callback whose body cannot
be seen), and the conditions that test a socket's state."""

from __future__ import annotations

import re

_FETCHING_NAME = re.compile(r"^(re)?(fetch|load|poll|refresh|reload|revalidate|invalidate|sync|request)", re.I)
# Requests on a timer that no WebSocket replaces: credentials and liveness.
_UPKEEP_WORDS = frozenset({"token", "tokens", "auth", "oauth", "session", "sessions", "keepalive", "heartbeat", "ping"})
# Words of a condition that tests the socket's state (`isConnected`, `ws.readyState`).
_SOCKET_STATE_WORDS = ("connected", "socket", "readystate", "isopen", "online", "ws.", "wsref")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


# The browser's own `request*` calls: a frame, an idle slot, a permission, never HTTP.
_BROWSER_REQUESTS = frozenset({
    "requestAnimationFrame", "requestIdleCallback", "requestFullscreen", "requestPointerLock", "requestPermission",
    "requestSubmit", "requestVideoFrameCallback", "requestStorageAccess", "requestDevice", "requestMediaKeySystemAccess",
})


def fetching_name(name: str) -> bool:
    """`fetchStatus`, `refetch`, `loadJobs`, `refreshData`; not `tick`, `updateClock`,
    nor `refreshToken` or `sendHeartbeat` (upkeep, not polling for data), nor the browser's
    `requestAnimationFrame` (a render loop)."""
    return bool(_FETCHING_NAME.match(name)) and not upkeep_name(name) and name not in _BROWSER_REQUESTS


def upkeep_name(name: str) -> bool:
    """`refreshToken`, `renewSession`, `keepAlive`, `ping`: a timer that keeps a session alive."""
    words = [word.lower() for word in _WORD.findall(name)]
    return any(word in _UPKEEP_WORDS for word in words) or any(
        a == "keep" and b == "alive" for a, b in zip(words, words[1:])
    )


def names_socket_state(condition: str) -> bool:
    """`!isConnected`, `socketRef.current?.readyState !== 1`; not `streaming` or `isLive`."""
    lowered = condition.lower()
    return any(word in lowered for word in _SOCKET_STATE_WORDS)
