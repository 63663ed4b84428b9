"""Run-time rules: codes reported from what the running app does (`wscheck traffic`), never
by a static scan, so `rules.RULES` (what `check` runs) leaves them out; their docs pages
and `wscheck rule` include them. Loaded only when asked for: `wscheck check` imports none."""

from __future__ import annotations

from typing import ClassVar

from wscheck.rules.base import Rule


class RuntimeRule(Rule):
    """A rule whose findings come from a run-time command; its examples hold the log that
    command reads, and tests run that command on them."""

    command: ClassVar[str]  # the command that reports it

    def check(self, project, settings):
        return ()  # nothing in the source says what the running app does


def runtime_rules() -> tuple[RuntimeRule, ...]:
    from wscheck.rules.ws403_polling_in_traffic import PollingInTraffic
    from wscheck.rules.ws404_traffic_duplicates_websocket import TrafficDuplicatesWebsocket

    return (PollingInTraffic(), TrafficDuplicatesWebsocket())
