"""Run-time rules: codes reported from what the running app does (`wscheck probe`, `wscheck
traffic`), never by a static scan, so `rules.RULES` (what `check` runs) leaves them out; their
docs pages and `wscheck rule` include them. Loaded only when asked for: `wscheck check` imports none."""

from __future__ import annotations

from wscheck.rules.base import RuntimeRule


def runtime_rules() -> tuple[RuntimeRule, ...]:
    from wscheck.rules.ws401_idle_at_run_time import IdleAtRunTime
    from wscheck.rules.ws402_socket_failed import SocketFailed
    from wscheck.rules.ws403_polling_in_traffic import PollingInTraffic
    from wscheck.rules.ws404_traffic_duplicates_websocket import TrafficDuplicatesWebsocket

    return (IdleAtRunTime(), SocketFailed(), PollingInTraffic(), TrafficDuplicatesWebsocket())


def runtime_rule(code: str) -> RuntimeRule:
    return next(rule for rule in runtime_rules() if rule.code == code)
