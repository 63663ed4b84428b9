"""Phases: the checklist's questions about one endpoint, asked by the rules too.

Keeping them here means phase 2 and WS101 (and every other phase and its rule) can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wscheck.answers import Answer, Evidence, Status
from wscheck.config import Settings
from wscheck.facts import Framework, HandledKind, Location, LoopKind
from wscheck.model.channels import idle_channels
from wscheck.model.entities import ClientSocket, Endpoint, MessageType, Project, Subscription, TypedSend, Unresolvable
from wscheck.model.message_types import is_control, is_handshake_name
from wscheck.model.polling import duplicate_polling, fallback_polling
from wscheck.model.promises import kept_current


LOOP_FRAMEWORKS = (  # one handler per socket
    Framework.FASTAPI, Framework.STARLETTE, Framework.AIOHTTP, Framework.LITESTAR,
    Framework.WEBSOCKETS, Framework.QUART, Framework.FLASK_SOCK, Framework.SANIC,
)


@dataclass
class BroadcastAnswer(Answer):
    """Phase 2's answer: also the types nothing broadcasts (WS101) and whether the socket
    is registered with a manager nothing broadcasts through (WS102)."""

    missing: list[MessageType] = field(default_factory=list)
    idle: bool = False
    idle_channels: list[Subscription] = field(default_factory=list)  # subscribed, never published to


def initial_data(send: TypedSend, settings: Settings) -> bool:
    """A send outside any loop that is not a reply: the endpoint's initial data. A reply
    answers a message received before it in the same function (the endpoint's or a helper's,
    such as an auth handshake); a handshake-like name (`auth_success`, `*_ack`) is the
    fallback when the receive cannot be seen."""
    return (
        send.loop is LoopKind.NONE and not send.reply
        and not is_control(send.type, settings) and not is_handshake_name(send.type)
    )


def needed_types(endpoint: Endpoint, settings: Settings) -> list[MessageType]:
    """Types sent as initial data: someone must send the updates later. A reply inside
    the endpoint's receive loop, or to a handshake, answers the client and needs no broadcast."""
    return sorted({s.type for s in endpoint.sends if initial_data(s, settings)})


def ingest_only(endpoint: Endpoint, settings: Settings) -> bool:
    """It reads from the client and sends it nothing but replies and control messages:
    no initial data, no pushes, no socket registered with a manager. What it publishes of
    what it reads is for other sockets."""
    return (
        endpoint.receives and not endpoint.pushes and not endpoint.registrations
        and all(s.reply or s.loop is LoopKind.RECEIVE or not initial_data(s, settings) for s in endpoint.sends)
        and not any(u.what is Unresolvable.SEND for u in endpoint.unresolved)
    )


def broadcasting(endpoint: Endpoint, project: Project, settings: Settings) -> BroadcastAnswer:
    pushed = {s.type for s in endpoint.sends if s.loop is LoopKind.PUSH}
    typed_push_sites = {s.location for s in endpoint.sends if s.loop is LoopKind.PUSH}
    untyped_pushes = [loc for loc in endpoint.pushes if loc not in typed_push_sites]
    needs = needed_types(endpoint, settings)
    idle = idle_channels(endpoint.subscriptions, project.publications)
    # A relay loop waiting on a channel nothing publishes to never sends a thing. A consumer or
    # namespace whose group or room is fed by broadcasts of the types it sends as initial data
    # hears of the missing broadcast by type (WS101), which names what to broadcast.
    if idle and (endpoint.framework in LOOP_FRAMEWORKS or not needs):
        names = ", ".join(f"'{s.channel}'" for s in idle)
        return BroadcastAnswer(
            Status.FAIL, [Evidence(s.location, f"subscribes to {s.channel}") for s in idle[:3]],
            note=f"subscribes to {names}, which nothing publishes to", idle=True, idle_channels=idle,
        )
    if ingest_only(endpoint, settings):
        return BroadcastAnswer(Status.NA, note="ingest-only: it reads from the client and sends nothing but replies")
    # relays from its own loop (a chat room): it has broadcasting logic. A Socket.IO namespace or
    # a consumer gathers many events, so there a relay counts only for the types it carries.
    if endpoint.broadcasts and (endpoint.framework in LOOP_FRAMEWORKS or not needs):
        return BroadcastAnswer(Status.PASS, [Evidence(loc, "broadcasts from its own loop") for loc in endpoint.broadcasts[:3]])
    if not needs:
        evidence = [Evidence(loc, "broadcasts from its own code") for loc in endpoint.broadcasts]
        evidence += [Evidence(loc, "pushes updates in a loop") for loc in endpoint.pushes]
        if evidence:
            return BroadcastAnswer(Status.PASS, evidence)
        if any(u.what is Unresolvable.SEND for u in endpoint.unresolved):
            return BroadcastAnswer(Status.NA, note="message type not resolved (see WS002)")
        if endpoint.registrations and idle_manager(endpoint, project):
            return BroadcastAnswer(
                Status.FAIL, [Evidence(loc, "registers the socket") for loc in endpoint.registrations[:2]],
                note="registers its socket with a connection manager that nothing broadcasts through", idle=True,
            )
        return BroadcastAnswer(Status.NA, note="sends no typed message")
    evidence: list[Evidence] = []
    missing: list[MessageType] = []
    for message_type in needs:
        found = [
            Evidence(site.location, f"broadcasts {message_type}", message_type.name)
            for site in project.broadcasts
            if site.live and any(t.matches(message_type) for t in site.types)
        ]
        found += [Evidence(s.location, f"pushes {message_type} in a loop") for s in endpoint.sends if s.loop is LoopKind.PUSH and s.type.matches(message_type)]
        if any(t.matches(message_type) for t in endpoint.relayed_types):
            found += [Evidence(loc, f"relays {message_type} from its own handlers") for loc in endpoint.broadcasts[:1]]
        if not found and untyped_pushes:
            found = [Evidence(loc, "pushes updates in a loop (type not resolved)") for loc in untyped_pushes]
        if not found and message_type in pushed:
            found = [Evidence(endpoint.location, f"pushes {message_type}")]
        reason = None if found else kept_current(message_type, acted_on(endpoint, project))
        if found:
            evidence.extend(found[:3])
        elif reason:
            evidence.append(Evidence(endpoint.location, f"{message_type}: {reason}", message_type.name))
        else:
            missing.append(message_type)
    return BroadcastAnswer(Status.FAIL if missing else Status.PASS, evidence, missing=missing)


def acted_on(endpoint: Endpoint, project: Project) -> set[MessageType]:
    """The pushed types its client acts on: where the client is scanned and the hooks that
    open this endpoint's socket handle types, only those (the post-mortem's status hook acted
    on its own type alone, whatever else the shared manager pushed); else all of them."""
    pushed = pushed_types(endpoint, project)
    handled = client_types(endpoint, project)
    return pushed if handled is None else {t for t in pushed if any(t.matches(MessageType(h)) for h in handled)}


def client_types(endpoint: Endpoint, project: Project) -> set[str] | None:
    """The types handled inside the client functions that open this endpoint's socket (the
    hook and the wrappers it goes through); None when there are none to go by."""
    places = {(s.module, s.function) for s in sockets_for(endpoint, project)}
    places |= {place for s in sockets_for(endpoint, project) for place in (*s.chain, *s.users)}
    names = {
        h.name for h in project.handled_types
        if h.function is not None and h.kind is not HandledKind.TYPE and (h.location.file.rsplit(".", 1)[0], h.function) in places
    }
    return names or None


def pushed_types(endpoint: Endpoint, project: Project) -> set[MessageType]:
    """The types something pushes to this endpoint's sockets after they connect: its own
    pushes and relays, broadcasts to a group or room it joined, and broadcasts through the
    connection manager it registers with (or, for Socket.IO, to every socket)."""
    pushed = {s.type for s in endpoint.sends if s.loop is LoopKind.PUSH} | set(endpoint.relayed_types)
    joined = [s.channel for s in endpoint.subscriptions if s.channel is not None]
    # registered with a manager: its broadcasts reach the socket (every broadcast, when none
    # names the object it goes through)
    fed = not project.broadcast_receivers or not idle_manager(endpoint, project)
    to_all = endpoint.framework is Framework.SOCKETIO or (bool(endpoint.registrations) and fed)
    to_all = to_all or bool(endpoint.subscriptions)  # a group_send to a group wscheck cannot name may be its group
    for site in project.broadcasts:
        if not site.live:
            continue
        channel = MessageType(site.channel, "*" in site.channel) if site.channel else None
        if (channel is None and to_all) or (channel is not None and any(c.matches(channel) for c in joined)):
            pushed.update(site.types)
    return pushed


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


def sockets_for(endpoint: Endpoint, project: Project) -> tuple[ClientSocket, ...]:
    """The client sockets whose URL can reach this endpoint (joined once, in the model)."""
    return project.endpoint_sockets.get(endpoint.path, ())


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
        for usage in project.usages.get(socket.hook, []):
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
    if "*" in endpoint.path:  # a path partly unknown is not looked for
        return Answer(Status.FAIL, note=f"no {kind} names its message types (its path is not fully known)")
    return Answer(Status.FAIL, note=f"no {kind} names {endpoint.path} or its message types")


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
