"""Checklist: the post-mortem's 7 phases for every endpoint, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from wscheck.config import Settings
from wscheck.model.entities import Endpoint, Project
from wscheck.answers import Answer, Evidence, Status
from wscheck.model.phases import broadcasting, cleanup, client_hook, component, mentioned


class Phase(str, Enum):
    ENDPOINT = "endpoint"
    BROADCAST = "broadcast"
    CLIENT_HOOK = "client_hook"
    COMPONENT = "component"
    TESTS = "tests"
    DOCS = "docs"
    CLEANUP = "cleanup"

    @property
    def title(self) -> str:
        return PHASE_TITLES[self]


PHASE_TITLES = {
    Phase.ENDPOINT: "Backend endpoint",
    Phase.BROADCAST: "Broadcasting logic",
    Phase.CLIENT_HOOK: "Frontend hook",
    Phase.COMPONENT: "Component integration",
    Phase.TESTS: "Testing",
    Phase.DOCS: "Documentation",
    Phase.CLEANUP: "Cleanup (no polling)",
}


@dataclass
class EndpointChecklist:
    endpoint: Endpoint
    phases: dict[Phase, Answer]


def evaluate(project: Project, settings: Settings) -> list[EndpointChecklist]:
    results = []
    for endpoint in project.endpoints:
        hook = client_hook(endpoint, project)
        results.append(
            EndpointChecklist(
                endpoint,
                {
                    Phase.ENDPOINT: Answer(Status.PASS, [Evidence(endpoint.location, f"{endpoint.function} serves {endpoint.path}")]),
                    Phase.BROADCAST: broadcasting(endpoint, project, settings),
                    Phase.CLIENT_HOOK: hook,
                    Phase.COMPONENT: component(endpoint, project, hook),
                    Phase.TESTS: mentioned(endpoint, project.test_mentions, settings, "test"),
                    Phase.DOCS: mentioned(endpoint, project.doc_mentions, settings, "doc"),
                    Phase.CLEANUP: cleanup(endpoint, project, settings, hook),
                },
            )
        )
    return results
