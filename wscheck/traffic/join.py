"""Join: each path polled at run time against the static scan's model (`wscheck traffic
--project`): the client polling sites whose URL it is, and the WebSocket endpoints that serve
the same resource, asked with the model's own questions (WS203's `serves_resource`,
`polls_resource`), never matched again here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from wscheck.facts import Location
from wscheck.model.polling import hook_fallbacks, polls_resource, serves_resource
from wscheck.traffic.report import PolledPath, Serving, Site


def join(polled: list[PolledPath], report) -> list[PolledPath]:
    """The polled paths with their sites and serving endpoints filled in, from a
    `wscheck.report.Report` of the project."""
    project = report.project
    codes: dict[Location, set[str]] = defaultdict(set)
    for finding in report.findings:
        codes[finding.location].add(finding.code)
    endpoints = [e for e in project.endpoints if e.routed]
    joined = []
    for path in polled:
        serving = [e for e in endpoints if serves_resource(e, path.path)]
        found: dict[Location, Site] = {}
        for polling in project.polling:
            if polls_resource(polling, path.path):
                via = "url" if polling.urls else "query key"
                found.setdefault(polling.location, _site(polling, codes, via))
        for endpoint in serving:
            # a hook that opens this socket and falls back to polling, its URL unknown
            # (`queryFn: () => queryFnRef.current()`): the polled path is what it falls back to
            callers = sorted({f"{s.location.file}:{s.location.line}" for s in project.endpoint_sockets.get(endpoint.path, ())})
            opened = f" at {', '.join(callers)}" if callers else ""
            for polling in hook_fallbacks(endpoint, project):
                if not polling.urls:
                    via = f"fallback of the hook that opens {endpoint.path}{opened}"
                    found.setdefault(polling.location, _site(polling, codes, via))
        sites = tuple(sorted(found.values(), key=lambda s: (s.location.file, s.location.line, s.location.column)))
        servers = tuple(Serving(e.path, e.location) for e in sorted(serving, key=lambda e: e.path))
        joined.append(replace(path, sites=sites, endpoints=servers))
    return joined


def _site(polling, codes: dict[Location, set[str]], via: str) -> Site:
    return Site(polling.location, str(polling.kind.value if hasattr(polling.kind, "value") else polling.kind),
                polling.interval_ms, polling.conditional, tuple(sorted(codes.get(polling.location, ()))), via)
