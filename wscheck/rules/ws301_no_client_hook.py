"""WS301 no-client-hook: no client code opens a socket to the endpoint (phase 3)."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.phases import client_hook
from wscheck.rules.base import example
from wscheck.rules.phase_rules import QUEUE_ENDPOINT as SERVER
from wscheck.rules.phase_rules import PhaseRule

class NoClientHook(PhaseRule):
    code = "WS301"
    name = "no-client-hook"
    severity = Severity.WARNING
    phase_title = "phase 3 (frontend hook)"
    summary = "Checklist phase 3: no client module opens a socket to this endpoint's path."
    why = (
        "An endpoint nobody connects to is dead code, or the client connects to a different "
        "path (a missing prefix, a renamed route) and silently lives on its HTTP fallback."
    )
    bad = example(**{
        "server/routes.py": SERVER,
        "client/src/hooks/useQueue.ts": """
            export function useQueue() {
              return new WebSocket(`${location.origin.replace('http', 'ws')}/ws/queue-v2`);
            }
            """,
    })
    good = example(**{
        "server/routes.py": SERVER,
        "client/src/hooks/useQueue.ts": """
            export function useQueue() {
              return new WebSocket(`${location.origin.replace('http', 'ws')}/ws/queue`);
            }
            """,
    })

    def answer(self, endpoint, project, settings):
        return client_hook(endpoint, project)
