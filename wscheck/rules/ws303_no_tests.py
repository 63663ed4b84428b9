"""WS303 no-tests: no test names the endpoint's path or message types (phase 5)."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.model.phases import mentioned
from wscheck.rules.base import example
from wscheck.rules.phase_rules import QUEUE_ENDPOINT as SERVER
from wscheck.rules.phase_rules import PhaseRule


class NoTests(PhaseRule):
    code = "WS303"
    name = "no-tests"
    severity = Severity.WARNING
    phase_title = "phase 5 (testing)"
    summary = "Checklist phase 5: no test file names the endpoint's path or one of its message types."
    why = (
        "The post-mortem's endpoints were tested for connection only, or not at all; a test that "
        "names the path and asserts an update arrives is what catches an idle socket."
    )
    bad = example(**{"server/routes.py": SERVER})
    good = example(**{
        "server/routes.py": SERVER,
        "tests/test_queue_socket.py": """
            def test_queue_updates_arrive(client):
                with client.websocket_connect("/ws/queue") as ws:
                    assert ws.receive_json()["type"] == "queue_update"
            """,
    })

    def answer(self, endpoint, project, settings):
        return mentioned(endpoint, project.test_mentions, settings, "test")
