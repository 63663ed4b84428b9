"""Rule codes: the one table of every code and its name. It imports nothing, so config can
check the codes a user names without loading a rule; `rules.RULES` registers the same codes
in the same order (a test holds the two together). A code never changes meaning."""

from __future__ import annotations

CODES: dict[str, str] = {
    "WS001": "parse-error",
    "WS002": "unresolved-message-type",
    "WS003": "unused-suppression",
    "WS101": "missing-broadcast",
    "WS102": "idle-subscription",
    "WS103": "missing-consumer-handler",
    "WS104": "client-type-never-sent",
    "WS105": "broadcast-never-consumed",
    "WS106": "unguarded-broadcast-loop",
    "WS107": "silent-websocket-error",
    "WS108": "unknown-endpoint",
    "WS201": "http-polling",
    "WS202": "aggressive-fallback-polling",
    "WS203": "polling-duplicates-websocket",
    "WS204": "global-polling-default",
    "WS301": "no-client-hook",
    "WS302": "no-component-integration",
    "WS303": "no-tests",
    "WS304": "no-docs",
    # run time (`wscheck probe`, `wscheck traffic`): not run by `check`
    "WS401": "idle-at-run-time",
    "WS402": "socket-failed",
    "WS403": "polling-in-traffic",
    "WS404": "traffic-duplicates-websocket",
}


def known_code_prefix(code: str) -> bool:
    """`WS1`, `WS101` and `ALL` select rules; anything else is a typo worth an error."""
    return code == "ALL" or any(known.startswith(code) for known in CODES)
