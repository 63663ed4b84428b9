"""Message types as the rules see them: control types, the types the client certainly
handles, and every type the server sends or broadcasts."""

from __future__ import annotations

import fnmatch

from wscheck.config import Settings
from wscheck.facts import HandledKind, HandledType
from wscheck.model.entities import MessageType, Project
from wscheck.modules import module_name
from wscheck.resolution import concerns_socket


def is_control(message_type: MessageType, settings: Settings) -> bool:
    return not message_type.glob and message_type.name in settings.control_types


# Names that say "handshake reply" when the send itself does not show it (no receive before it in
# its function: a token read from the query string, say). A fallback only: the mechanism is
# the receive before the send (`TypedSend.reply`).
HANDSHAKE_NAMES = ("auth_*", "authenticated", "authorized", "hello", "welcome", "subscribed", "*_ack")  # auth_required, auth_ok


def is_handshake_name(message_type: MessageType) -> bool:
    return not message_type.glob and any(fnmatch.fnmatchcase(message_type.name, p) for p in HANDSHAKE_NAMES)


def client_handled(project: Project) -> list[HandledType]:
    """Handled types that certainly concern the socket (`resolution.concerns_socket`), by
    the modules the model found opening or using one; a `type:` field of a message-like
    interface only where a socket module declares or imports it (a `postMessage` protocol
    declared elsewhere is not the socket's)."""
    return [
        h for h in project.handled_types
        if concerns_socket(h, h.location.file.rsplit(".", 1)[0] in project.socket_modules)
        and (h.kind is not HandledKind.TYPE or _socket_type(project, h))
    ]


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
