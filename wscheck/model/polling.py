"""Polling questions: which polling duplicates a socket's resource (WS203), and which
fallback polling is faster than allowed (WS202, phase 7)."""

from __future__ import annotations

from wscheck.config import Settings
from wscheck.model.entities import ClientSocket, Endpoint, Polling, Project
from wscheck.polling_words import names_socket_state
from wscheck.model.urls import is_param, path_matches, resource_path


def _same_name(a: str, b: str) -> bool:
    return a.lower().replace("_", "-") == b.lower().replace("_", "-")


def _names(resource: str) -> list[str]:
    return [part for part in resource.split("/") if part and not is_param(part)]


def serves_resource(endpoint: Endpoint, path: str) -> bool:
    """Whether an HTTP path (a URL the client polls, or a path polled in traffic) is the
    resource this endpoint serves: the endpoint's path without its socket segment. A socket
    at `/ws` stands for no resource (`/` is the page)."""
    resource = resource_path(endpoint)
    return bool(_names(resource)) and path_matches(path, resource)


def polls_resource(polling: Polling, resource: str) -> bool:
    """Whether a polling site fetches `resource` (a path; `{param}` fits any segment): by its
    URL, or, only when its URL is unknown, by a query key naming the resource's last
    segment (a known URL that differs wins)."""
    names = _names(resource)
    if not names:
        return False
    if any(path_matches(url, resource) for url in polling.urls):
        return True
    return not polling.urls and polling.query_key is not None and _same_name(polling.query_key, names[-1])


def duplicate_polling(endpoint: Endpoint, project: Project) -> list[Polling]:
    """Unconditional polling of the resource this endpoint already serves (WS203). Matches
    when the polled URL is the endpoint's path without its socket segment, or when the
    query key names that resource's last segment (`/api/notifications/{user_id}`: the key
    names `notifications`); a fallback that polls only while the socket is down is WS202's
    business."""
    resource = resource_path(endpoint)
    return [
        polling for polling in project.polling
        if not polling.conditional and not polling.global_default and polls_resource(polling, resource)
    ]


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


def hook_fallbacks(endpoint: Endpoint, project: Project) -> list[Polling]:
    """Fallback polling, at any interval, in the hooks that open or use this endpoint's socket."""
    sockets = project.endpoint_sockets.get(endpoint.path, ())
    return [p for p in project.polling if any(polls_beside(p, s) for s in sockets) and is_fallback(p, project)]


def fallback_polling(endpoint: Endpoint, project: Project, settings: Settings) -> list[Polling]:
    """Fallback polling in the hooks that open or use this endpoint's socket, below the minimum."""
    return [p for p in hook_fallbacks(endpoint, project) if too_fast_fallback(p, settings, project)]


def polls_beside(polling: Polling, socket: ClientSocket) -> bool:
    """The polling is in a hook that opens the socket, or in code that uses it (a component
    reaching it through `this.$socket` polls in its options, outside any function)."""
    place = (polling.module, polling.function)
    if place in socket.chain or place in socket.users:
        return True
    return polling.function is None and any(module == polling.module for module, _ in socket.users)


def too_fast_fallback(polling: Polling, settings: Settings, project: Project) -> bool:
    """Fallback polling (beside a socket) below the minimum."""
    if polling.interval_ms is None or not is_fallback(polling, project):
        return False
    return not settings.allow_fallback_polling or polling.interval_ms < settings.min_fallback_interval_ms


BY_NAME_NOTE = "the option's name says polling; the function it is passed to was not followed"


def belief_note(polling: Polling) -> str:
    """What a finding says of a site believed by its option's name alone."""
    return f" ({BY_NAME_NOTE})" if polling.by_name else ""
