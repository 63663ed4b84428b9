"""WS202 aggressive-fallback-polling: polling while the socket is down, faster than the minimum."""

from __future__ import annotations

from wscheck.facts import PollingKind
from wscheck.findings import Severity
from wscheck.model.polling import belief_note, polls_beside, too_fast_fallback
from wscheck.rules.base import PHASE_7_CLEANUP, Rule, example
from wscheck.units import per_minute, seconds


def _instances(polling) -> str:
    if polling.instances <= 1:
        return ""
    total = per_minute(60_000 / polling.interval_ms * polling.instances)
    return f", and the hook runs in {polling.instances} places: {total}"


class AggressiveFallbackPolling(Rule):
    code = "WS202"
    name = "aggressive-fallback-polling"
    severity = Severity.WARNING
    summary = "Fallback polling (enabled only while the socket is down) runs faster than `min-fallback-interval-ms`."
    why = (
        "A fallback hides a broken or idle socket: in the post-mortem every tab polled every "
        "3 s (~180 requests/minute) and the WebSocket migration looked finished. Keep the "
        "fallback slow (60 s by default) or remove it, so a dead socket is noticed."
    )
    phase = PHASE_7_CLEANUP
    bad = example(**{"src/hooks/useReliableWebSocket.ts": """
        import { useQuery } from '@tanstack/react-query';

        export function useReliableWebSocket({ queryKey, queryFn, pollingInterval = 3000 }) {
          const state = useSocketState();
          return useQuery({
            queryKey,
            queryFn,
            refetchInterval: state.isConnected ? false : pollingInterval,
          });
        }
        """})
    good = example(**{"src/hooks/useReliableWebSocket.ts": """
        import { useQuery } from '@tanstack/react-query';

        export function useReliableWebSocket({ queryKey, queryFn, pollingInterval = 60_000 }) {
          const state = useSocketState();
          return useQuery({
            queryKey,
            queryFn,
            refetchInterval: state.isConnected ? false : pollingInterval,
          });
        }
        """})

    def check(self, project, settings):
        for polling in project.polling:
            if polling.global_default or not too_fast_fallback(polling, settings, project):
                continue
            limit = "fallback polling is disabled by allow-fallback-polling = false" if not settings.allow_fallback_polling else (
                f"minimum is {seconds(settings.min_fallback_interval_ms)}"
            )
            sockets = sorted({s.chain_location or s.location for s in project.sockets if polls_beside(polling, s)})
            yield self.finding(
                polling.location,
                f"fallback polling every {seconds(polling.interval_ms)} while the socket is down "
                f"({per_minute(60_000 / polling.interval_ms)} requests/minute per {_unit(polling)}{_instances(polling)}); {limit}"
                f"{belief_note(polling)}",
                related=tuple(sockets[:3]),  # the socket this polling stands in for
            )


_TIMERS = (PollingKind.SET_INTERVAL, PollingKind.SET_TIMEOUT, PollingKind.RXJS_INTERVAL)


def _unit(polling) -> str:
    """What repeats the request: a query of a data library, or a timer."""
    return "timer" if polling.kind in _TIMERS else "query"
