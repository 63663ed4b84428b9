"""WS201 http-polling: interval polling over HTTP that is no fallback for a socket."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.units import per_minute, seconds
from wscheck.model.polling import belief_note, duplicate_polling, is_fallback
from wscheck.rules.base import Rule, example


class HttpPolling(Rule):
    code = "WS201"
    name = "http-polling"
    severity = Severity.ERROR
    summary = (
        "A query polls over HTTP on a fixed interval (TanStack `refetchInterval`, SWR `refreshInterval`, Apollo "
        "`pollInterval`/`startPolling`, RTK Query `pollingInterval`, `setInterval` or a recursive `setTimeout` "
        "whose callback fetches, RxJS `interval` piped into an HTTP call, or a project hook doing one of these)."
    )
    why = (
        "Every open tab sends a request per interval, forever, whether or not anything changed: "
        "load and log noise grow with users, and updates still arrive late. Push changes over "
        "the WebSocket instead, and invalidate or update the query when a message arrives. "
        "Polling of a resource a socket already serves is reported once, as WS203, which carries "
        "WS201 too: `--select WS201` and suppressions of WS201 include it. A conditional interval "
        "with no socket beside it (`streaming ? false : 5000` in an SSE client) is WS201 too: only "
        "polling switched by a socket's state, or beside one, is a fallback (WS202)."
    )
    bad = example(**{"src/hooks/useQueue.ts": """
        import { useQuery } from '@tanstack/react-query';

        const POLL_MS = 3 * 1000;

        export function useQueue() {
          return useQuery({ queryKey: ['queue'], queryFn: fetchQueue, refetchInterval: POLL_MS });
        }
        """})
    good = example(**{"src/hooks/useQueue.ts": """
        import { useQuery } from '@tanstack/react-query';

        export function useQueue() {
          // refetchInterval is not needed: the queue socket pushes updates
          return useQuery({ queryKey: ['queue'], queryFn: fetchQueue, refetchInterval: false });
        }
        """})

    def check(self, project, settings):
        duplicates = {p.location for e in project.endpoints for p in duplicate_polling(e, project)}
        for polling in project.polling:
            if is_fallback(polling, project) or polling.global_default or not polling.interval_ms:
                continue  # a fallback beside a socket is WS202's business
            if polling.location in duplicates:
                continue  # WS203 says more: this polling duplicates a socket
            rate = 60_000 / polling.interval_ms * polling.instances
            yield self.finding(
                polling.location,
                f"HTTP polling every {seconds(polling.interval_ms)} ({polling.kind.value}{_when(polling)}): "
                f"{per_minute(rate)} requests/minute per open client; push updates over the WebSocket instead"
                f"{belief_note(polling)}",
            )


def _when(polling) -> str:
    """A conditional interval with no socket beside it polls whenever its toggle is off."""
    return f", switched by `{polling.condition}`" if polling.conditional and polling.condition else ""
