"""WS304 no-docs: no documentation names the endpoint's path or message types (phase 6)."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.phases import mentioned
from wscheck.rules.base import example
from wscheck.rules.phase_rules import QUEUE_ENDPOINT as SERVER
from wscheck.rules.phase_rules import PhaseRule


class NoDocs(PhaseRule):
    code = "WS304"
    name = "no-docs"
    severity = Severity.WARNING
    phase_title = "phase 6 (documentation)"
    summary = "Checklist phase 6: no doc file (.md, .rst, .adoc, .txt) names the endpoint's path or message types."
    why = (
        "Undocumented channels are the ones nobody remembers to broadcast to. "
        "`wscheck map --format markdown` can generate the page."
    )
    bad = example(**{"server/routes.py": SERVER})
    good = example(**{
        "server/routes.py": SERVER,
        "docs/websockets.md": """
            # WebSockets

            | endpoint | message types |
            |---|---|
            | `/ws/queue` | `queue_update` |
            """,
    })

    def answer(self, endpoint, project, settings):
        return mentioned(endpoint, project.doc_mentions, settings, "doc")
