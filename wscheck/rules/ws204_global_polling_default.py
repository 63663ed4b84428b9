"""WS204 global-polling-default: polling set as the default for every query."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example


_WHERE = {"refreshInterval": "SWRConfig", "pollInterval": "ApolloClient defaultOptions"}


class GlobalPollingDefault(Rule):
    code = "WS204"
    name = "global-polling-default"
    severity = Severity.ERROR
    summary = (
        "`new QueryClient({defaultOptions: {queries: {refetchInterval}}})` (or `<SWRConfig value={{refreshInterval}}>`, "
        "Apollo `defaultOptions.watchQuery.pollInterval`) makes every query poll."
    )
    why = (
        "A default interval turns every query in the app — including those a WebSocket already "
        "keeps fresh — into HTTP polling, multiplying requests by the number of queries on screen."
    )
    bad = example(**{"src/queryClient.ts": """
        import { QueryClient } from '@tanstack/react-query';

        export const queryClient = new QueryClient({
          defaultOptions: { queries: { refetchInterval: 5000 } },
        });
        """})
    good = example(**{"src/queryClient.ts": """
        import { QueryClient } from '@tanstack/react-query';

        export const queryClient = new QueryClient({
          defaultOptions: { queries: { staleTime: 30_000 } },
        });
        """})

    def check(self, project, settings):
        for polling in project.polling:
            if polling.global_default and (polling.interval_ms or polling.interval_ms is None):
                every = f"every {polling.interval_ms / 1000:g} s" if polling.interval_ms else "on an interval"
                yield self.finding(
                    polling.location,
                    f"every query polls {every} by default ({polling.kind.value} in {_WHERE.get(polling.kind.value, 'QueryClient defaultOptions')}); "
                    "set intervals per query, if at all",
                )
