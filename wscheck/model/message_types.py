"""Message types as the rules see them: control types, the types the client certainly
handles, and every type the server sends or broadcasts."""

from __future__ import annotations

import fnmatch

from wscheck.config import Settings
from wscheck.facts import HandledKind, HandledType
from wscheck.model.entities import MessageType, Project
from wscheck.modules import module_name


def is_control(message_type: MessageType, settings: Settings) -> bool:
    return not message_type.glob and message_type.name in settings.control_types


# Names that say "handshake reply" when the send itself does not show it (no receive before it in
# its function: a token read from the query string, say). A fallback only: the mechanism is
# the receive before the send (`TypedSend.reply`).
HANDSHAKE_NAMES = ("auth_*", "authenticated", "authorized", "hello", "welcome", "subscribed", "*_ack")  # auth_required, auth_ok


def is_handshake_name(message_type: MessageType) -> bool:
    return not message_type.glob and any(fnmatch.fnmatchcase(message_type.name, p) for p in HANDSHAKE_NAMES)


MESSAGE_CONTAINER_WORDS = ("message", "event", "ws", "socket", "payload", "notification", "update")


def client_handled(project: Project) -> list[HandledType]:
    """Handled types that certainly concern the socket: comparisons, cases and listeners in
    modules that open or use a socket, and `type:` fields of message-like interfaces that
    are a socket module's own or that it imports (a `type: 'submit'` prop of a button, a
    `postMessage` protocol declared elsewhere, is not a message type)."""
    socket_modules = project.socket_modules
    found = []
    for handled in project.handled_types:
        module = handled.location.file.rsplit(".", 1)[0]
        if handled.kind is HandledKind.TYPE:
            container = (handled.container or "").lower()
            if any(word in container for word in MESSAGE_CONTAINER_WORDS) and _socket_type(project, handled):
                found.append(handled)
        elif module in socket_modules:
            found.append(handled)
    return found


def _socket_type(project: Project, handled: HandledType) -> bool:
    if project.socket_types is None:
        return True
    module = module_name(handled.location.file)
    return module in project.socket_modules or (module, handled.container) in project.socket_types


def server_types(project: Project) -> list[MessageType]:
    """Every type the server sends or broadcasts."""
    types = {s.type for e in project.endpoints for s in e.sends}
    types |= {t for b in project.broadcasts for t in b.types}
    return sorted(types)
