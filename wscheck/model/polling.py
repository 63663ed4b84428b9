"""Polling questions: which polling duplicates a socket's resource (WS203), and which
fallback polling is faster than allowed (WS202, phase 7)."""

from __future__ import annotations

from wscheck.config import Settings
from wscheck.model.entities import Endpoint, Polling, Project
from wscheck.polling_words import names_socket_state
from wscheck.model.urls import is_param, path_matches, resource_path


def _same_name(a: str, b: str) -> bool:
    return a.lower().replace("_", "-") == b.lower().replace("_", "-")


def duplicate_polling(endpoint: Endpoint, project: Project) -> list[Polling]:
    """Unconditional polling of the resource this endpoint already serves (WS203). Matches
    when the polled URL is the endpoint's path without its socket segment, or when the
    query key names that resource's last segment; a fallback that polls only while the
    socket is down is WS202's business."""
    resource = resource_path(endpoint)
    names = [part for part in resource.split("/") if part and not is_param(part)]
    if not names:
        return []
    name = names[-1]  # `/api/notifications/{user_id}`: the key names `notifications`
    found = []
    for polling in project.polling:
        if polling.conditional or polling.global_default:
            continue
        by_url = any(path_matches(url, resource) for url in polling.urls)
        # the key decides only when the fetched URL is unknown: a known URL that differs wins
        by_key = not polling.urls and polling.query_key is not None and _same_name(polling.query_key, name)
        if by_url or by_key:
            found.append(polling)
    return found


def is_fallback(polling: Polling, project: Project) -> bool:
    """Conditional polling beside a socket (one its module opens or uses), or switched by the
    socket's state (`connected ? false : 5000`, the state passed in as a prop): a toggle in
    a module with no socket (`streaming ? false : 5000` in an SSE client) is plain polling
    that can be switched off, not a fallback."""
    if not polling.conditional:
        return False
    if polling.condition is not None and names_socket_state(polling.condition):
        return True
    return polling.module in project.socket_modules


def fallback_polling(endpoint: Endpoint, project: Project, settings: Settings) -> list[Polling]:
    """Fallback polling in the hooks that open this endpoint's socket, below the minimum."""
    chains = {link for s in project.endpoint_sockets.get(endpoint.path, ()) for link in s.chain}
    return [p for p in project.polling if (p.module, p.function) in chains and too_fast_fallback(p, settings, project)]


def too_fast_fallback(polling: Polling, settings: Settings, project: Project) -> bool:
    """Fallback polling (beside a socket) below the minimum."""
    if polling.interval_ms is None or not is_fallback(polling, project):
        return False
    return not settings.allow_fallback_polling or polling.interval_ms < settings.min_fallback_interval_ms


BY_NAME_NOTE = "the option's name says polling; the function it is passed to was not followed"


def belief_note(polling: Polling) -> str:
    """What a finding says of a site believed by its option's name alone."""
    return f" ({BY_NAME_NOTE})" if polling.by_name else ""
