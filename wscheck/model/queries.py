"""Queries: questions about one endpoint that both the rules and the checklist ask.

Keeping them here means phase 2 and WS101 (and every other phase and its rule) can
never disagree.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from enum import Enum

from wscheck.config import Settings
from wscheck.facts import Location, LoopKind
from wscheck.model.entities import ClientSocket, Endpoint, MessageType, Polling, Project


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NA = "n/a"


@dataclass(frozen=True)
class Evidence:
    location: Location
    note: str
    message_type: str | None = None  # set on phase-2 evidence that is a broadcast of that type


@dataclass
class Answer:
    status: Status
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""
    missing: list[MessageType] = field(default_factory=list)  # phase 2: types nothing broadcasts
    idle: bool = False  # phase 2: registered with a manager nothing broadcasts through (WS102)


def is_control(message_type: MessageType, settings: Settings) -> bool:
    return not message_type.glob and message_type.name in settings.control_types


def needed_types(endpoint: Endpoint, settings: Settings) -> list[MessageType]:
    """Types sent outside any loop (initial data): someone must send the updates later.
    A reply inside the endpoint's receive loop answers the client and needs no broadcast."""
    return sorted({s.type for s in endpoint.sends if s.loop is LoopKind.NONE and not is_control(s.type, settings)})


def broadcasting(endpoint: Endpoint, project: Project, settings: Settings) -> Answer:
    pushed = {s.type for s in endpoint.sends if s.loop is LoopKind.PUSH}
    typed_push_sites = {s.location for s in endpoint.sends if s.loop is LoopKind.PUSH}
    untyped_pushes = [loc for loc in endpoint.pushes if loc not in typed_push_sites]
    needs = needed_types(endpoint, settings)
    if endpoint.broadcasts:  # relays from its own loop (a chat room): it has broadcasting logic
        return Answer(Status.PASS, [Evidence(loc, "broadcasts from its own loop") for loc in endpoint.broadcasts[:3]])
    if not needs:
        evidence = [Evidence(loc, "broadcasts from its own code") for loc in endpoint.broadcasts]
        evidence += [Evidence(loc, "pushes updates in a loop") for loc in endpoint.pushes]
        if evidence:
            return Answer(Status.PASS, evidence)
        if any(u.what == "send" for u in endpoint.unresolved):
            return Answer(Status.NA, note="message type not resolved (see WS002)")
        if endpoint.registrations and idle_manager(endpoint, project):
            return Answer(
                Status.FAIL, [Evidence(loc, "registers the socket") for loc in endpoint.registrations[:2]],
                note="registers its socket with a connection manager that nothing broadcasts through", idle=True,
            )
        return Answer(Status.NA, note="sends no typed message")
    evidence: list[Evidence] = []
    missing: list[MessageType] = []
    for message_type in needs:
        found = [
            Evidence(site.location, f"broadcasts {message_type}", message_type.name)
            for site in project.broadcasts
            if site.live and any(t.matches(message_type) for t in site.types)
        ]
        found += [Evidence(s.location, f"pushes {message_type} in a loop") for s in endpoint.sends if s.loop is LoopKind.PUSH and s.type.matches(message_type)]
        if not found and untyped_pushes:
            found = [Evidence(loc, "pushes updates in a loop (type not resolved)") for loc in untyped_pushes]
        if not found and message_type in pushed:
            found = [Evidence(endpoint.location, f"pushes {message_type}")]
        if found:
            evidence.extend(found[:3])
        else:
            missing.append(message_type)
    return Answer(Status.FAIL if missing else Status.PASS, evidence, missing=missing)


def idle_manager(endpoint: Endpoint, project: Project) -> bool:
    """Nothing broadcasts through the manager the endpoint registers with. Where either side
    is an attribute wscheck cannot follow (`self.manager`), any broadcast at all counts."""
    receivers = project.broadcast_receivers
    if not receivers:
        return True
    known = [m for m in endpoint.managers if m is not None]
    if not known or any(r is None for r in receivers):
        return False
    return not any(r in known for r in receivers)


MESSAGE_CONTAINER_WORDS = ("message", "event", "ws", "socket", "payload", "notification", "update")


def client_handled(project: Project) -> list:
    """Handled types that certainly concern the socket: comparisons, cases and listeners in
    modules that open or use a socket, and `type:` fields of message-like interfaces (a
    `type: 'submit'` prop of a button is not a message type)."""
    socket_modules = {module for s in project.sockets for module, _ in s.chain}
    socket_modules |= {u.module for usages in project.usages.values() for u in usages}
    found = []
    for handled in project.handled_types:
        module = handled.location.file.rsplit(".", 1)[0]
        if handled.kind == "type":
            container = (handled.container or "").lower()
            if any(word in container for word in MESSAGE_CONTAINER_WORDS):
                found.append(handled)
        elif module in socket_modules:
            found.append(handled)
    return found


def server_types(project: Project) -> list[MessageType]:
    """Every type the server sends or broadcasts."""
    types = {s.type for e in project.endpoints for s in e.sends}
    types |= {t for b in project.broadcasts for t in b.types}
    return sorted(types)


# --- client side ----------------------------------------------------------------------


def url_path(url: str) -> str:
    """The path part of a socket URL pattern: scheme and host dropped, query dropped."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in url:
        rest = url.split("://", 1)[1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"
    return url


LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")


def checkable_url(url: str) -> bool:
    """Whether a URL certainly targets this app: its path is fully known, and its host is
    the page's own (unknown in a template), a local one, or absent."""
    path = url_path(url)
    if path.startswith("*") or "*" in path.split("/")[1:2]:
        return False
    if "://" not in url:
        return url.startswith("/")
    host = url.split("://", 1)[1].split("/", 1)[0]
    return "*" in host or host.split(":")[0] in LOCAL_HOSTS


def path_matches(url: str, endpoint_path: str) -> bool:
    """Whether a client URL pattern can reach the endpoint. A path parameter (`{id}`)
    matches any one segment; an unknown base (`*`) may hold scheme, host and a prefix,
    so then only the end of the path must agree."""
    path = url_path(url)
    open_start = path.startswith("*")
    url_parts = path.lstrip("*").split("/")
    route_parts = endpoint_path.split("/")
    head = url_parts.pop(0) if open_start else None  # text glued to the unknown base
    if len(url_parts) > len(route_parts) or (not open_start and len(url_parts) != len(route_parts)):
        return False
    for url_part, route_part in zip(reversed(url_parts), reversed(route_parts)):
        if not _segment_matches(url_part, route_part):
            return False
    if head:  # `${base}ws/x`: the base's last segment must end with "ws"
        remaining = route_parts[: len(route_parts) - len(url_parts)]
        return bool(remaining) and (remaining[-1].endswith(head) or _is_param(remaining[-1]))
    return True


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _segment_matches(url_part: str, route_part: str) -> bool:
    if url_part == route_part or (_is_param(route_part) and url_part):
        return True
    return "*" in url_part and fnmatch.fnmatchcase(route_part, url_part)


def sockets_for(endpoint: Endpoint, project: Project) -> list[ClientSocket]:
    """Asked by four phases and three rules for every endpoint: computed once per path."""
    cached = project.cache.get(("sockets", endpoint.path))
    if cached is None:
        cached = [s for s in project.sockets if s.url is not None and path_matches(s.url, endpoint.path)]
        project.cache[("sockets", endpoint.path)] = cached
    return cached


def client_hook(endpoint: Endpoint, project: Project) -> Answer:
    if project.client_files == 0:
        return Answer(Status.NA, note="no client sources scanned")
    sockets = sockets_for(endpoint, project)
    unknown = [s for s in project.sockets if s.url is None]
    if not sockets and unknown:  # one of them may well be this endpoint's: say so, do not guess
        where = unknown[0].location
        return Answer(Status.NA, note=f"no socket URL matches, and {len(unknown)} could not be resolved ({where.file}:{where.line})")
    if not sockets:
        return Answer(Status.FAIL, note=f"no client code opens a socket to {endpoint.path}")
    return Answer(Status.PASS, [Evidence(s.location, f"connects to {s.url}") for s in sockets])


def component(endpoint: Endpoint, project: Project, hook: Answer) -> Answer:
    if hook.status is not Status.PASS:
        return Answer(Status.NA, note="no client hook (phase 3)")
    evidence: list[Evidence] = []
    for socket in sockets_for(endpoint, project):
        for usage in project.usages.get((socket.module, socket.function), []):
            evidence.append(Evidence(usage.location, f"{usage.module} uses it"))
    if not evidence:
        return Answer(Status.FAIL, note="no UI component uses the hook")
    return Answer(Status.PASS, list(dict.fromkeys(evidence)))


def needles(endpoint: Endpoint, settings: Settings) -> list[str]:
    """What a test or doc must mention: the path, or one of the endpoint's message types."""
    found = [endpoint.path]
    if endpoint.declared_path != endpoint.path and endpoint.declared_path.count("/") >= 2:
        found.append(endpoint.declared_path)
    for path in (endpoint.path, endpoint.declared_path):
        if "{" in path:  # `/ws/rooms/{room_id}`: a test connects to `/ws/rooms/general`
            static = path.split("{", 1)[0]
            if len([p for p in static.split("/") if p]) >= 2:
                found.append(static)
    found += [t.name for t in endpoint.message_types if not t.glob and not is_control(t, settings)]
    return [n for n in found if "*" not in n]


def mentioned(endpoint: Endpoint, mentions: dict[str, Location], settings: Settings, kind: str) -> Answer:
    evidence = [Evidence(mentions[n], f"{kind} names {n}") for n in needles(endpoint, settings) if n in mentions]
    if evidence:
        return Answer(Status.PASS, evidence)
    return Answer(Status.FAIL, note=f"no {kind} names {endpoint.path} or its message types")


WS_SEGMENTS = frozenset({"ws", "wss", "websocket", "websockets", "socket", "sockets", "realtime", "live", "stream"})


def resource_path(endpoint: Endpoint) -> str:
    """The HTTP resource an endpoint replaces: its path without the socket segment
    (`/api/v1/ws/system-status` -> `/api/v1/system-status`)."""
    parts = [p for p in endpoint.path.split("/") if p.lower() not in WS_SEGMENTS]
    last = parts[-1] if parts else ""
    for affix in ("ws-", "ws_"):
        if last.lower().startswith(affix):
            parts[-1] = last[len(affix):]
    return "/".join(parts) or "/"


def _same_name(a: str, b: str) -> bool:
    return a.lower().replace("_", "-") == b.lower().replace("_", "-")


def duplicate_polling(endpoint: Endpoint, project: Project) -> list[Polling]:
    """Unconditional polling of the resource this endpoint already serves (WS203). Matches
    when the polled URL is the endpoint's path without its socket segment, or when the
    query key names that resource's last segment; a fallback that polls only while the
    socket is down is WS202's business."""
    resource = resource_path(endpoint)
    names = [part for part in resource.split("/") if part and not _is_param(part)]
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


def fallback_polling(endpoint: Endpoint, project: Project, settings: Settings) -> list[Polling]:
    """Fallback polling in the hooks that open this endpoint's socket, below the minimum."""
    chains = {link for s in sockets_for(endpoint, project) for link in s.chain}
    return [p for p in project.polling if (p.module, p.function) in chains and too_fast_fallback(p, settings)]


def too_fast_fallback(polling: Polling, settings: Settings) -> bool:
    if not polling.conditional or polling.interval_ms is None:
        return False
    return not settings.allow_fallback_polling or polling.interval_ms < settings.min_fallback_interval_ms


def cleanup(endpoint: Endpoint, project: Project, settings: Settings, hook: Answer) -> Answer:
    if project.client_files == 0:
        return Answer(Status.NA, note="no client sources scanned")
    duplicates = duplicate_polling(endpoint, project)
    if duplicates:
        return Answer(
            Status.FAIL,
            [Evidence(p.location, "polls the resource this endpoint serves") for p in duplicates],
            note="the client still polls this resource over HTTP",
        )
    if hook.status is not Status.PASS:
        return Answer(Status.NA, note="no client hook (phase 3)")
    offending = fallback_polling(endpoint, project, settings)
    if offending:
        return Answer(
            Status.FAIL,
            [Evidence(p.location, f"falls back to polling every {p.interval_ms / 1000:g} s") for p in offending],
            note="fallback polling faster than the minimum",
        )
    return Answer(Status.PASS, [Evidence(e.location, "no fast fallback polling in this hook") for e in hook.evidence[:1]])
