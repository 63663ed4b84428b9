"""WS302 no-component-integration: no UI component uses the endpoint's hook (phase 4)."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.phases import client_hook, component
from wscheck.rules.base import example
from wscheck.rules.phase_rules import QUEUE_ENDPOINT as SERVER
from wscheck.rules.phase_rules import PhaseRule

HOOK = """
    export function useQueueSocket() {
      return new WebSocket(`${location.origin.replace('http', 'ws')}/ws/queue`);
    }
    """


class NoComponentIntegration(PhaseRule):
    code = "WS302"
    name = "no-component-integration"
    severity = Severity.WARNING
    phase_title = "phase 4 (component integration)"
    summary = "Checklist phase 4: no UI component (a module rendering JSX, or a .vue file) uses the hook."
    why = (
        "A hook nobody renders means the UI still reads its data some other way — usually the "
        "HTTP polling the socket was meant to replace."
    )
    bad = example(**{"server/routes.py": SERVER, "client/src/hooks/useQueueSocket.ts": HOOK})
    good = example(**{
        "server/routes.py": SERVER,
        "client/src/hooks/useQueueSocket.ts": HOOK,
        "client/src/components/QueuePanel.tsx": """
            import { useQueueSocket } from '../hooks/useQueueSocket';

            export function QueuePanel() {
              const socket = useQueueSocket();
              return <div>{String(socket.readyState)}</div>;
            }
            """,
    })

    def answer(self, endpoint, project, settings):
        return component(endpoint, project, client_hook(endpoint, project))
