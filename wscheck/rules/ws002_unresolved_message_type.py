"""WS002 unresolved-message-type: a send/broadcast whose type (or a route path) is not static."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.entities import Unresolvable
from wscheck.rules.base import Rule, example


class UnresolvedMessageType(Rule):
    code = "WS002"
    name = "unresolved-message-type"
    severity = Severity.INFO
    summary = (
        "A send or broadcast whose message type (or a route's path, or a socket URL) cannot be "
        "resolved statically, or is only partly known (an f-string type is taken to cover every "
        "type it fits, and this says which)."
    )
    why = (
        "wscheck never guesses: a broadcast it cannot read covers no endpoint, and an endpoint "
        "whose type it cannot read cannot be checked. Use a literal, a module constant or an "
        "Enum member, or annotate the call: `# wscheck: broadcasts=status_update,queue_update`."
    )
    bad = example(**{"app/tasks.py": """
        async def relay(manager, event):
            message = build_message(event)
            await manager.broadcast(message)
        """})
    good = example(**{"app/tasks.py": """
        async def relay(manager, event):
            message = build_message(event)
            await manager.broadcast(message)  # wscheck: broadcasts=status_update
        """})

    def check(self, project, settings):
        for site in project.unresolved:
            hint = " (annotate it: `# wscheck: broadcasts=<type>`)" if site.what is Unresolvable.BROADCAST else ""
            yield self.finding(site.location, f"cannot resolve the {_noun(site.what)}: {site.reason}{hint}")


def _noun(what: Unresolvable) -> str:
    return f"message type of this {what.value}" if what.is_message_type else what.value
