"""Promises: which initial types must be kept up to date by their own broadcasts.

Phase 2 asks, per socket, whether anything pushes to it what its client acts on. From
the server alone, a type's name says what it promises: `system_status_update` promises
updates of its own, `all` or `configuration` is a snapshot that later deltas (`added`,
`updated`, `completed`) keep current. On a socket that gets such deltas, a type that
does not promise updates needs no broadcast of its own; one that does always needs one
(the post-mortem: other types reaching the socket do not update its status panel).
"""

from __future__ import annotations

import fnmatch

from wscheck.model.entities import MessageType

# A type that names its own updates: its client waits for more of it.
PROMISES_UPDATES = (
    "*_update", "*_updates", "*_updated", "*_status", "*_changed", "*_change", "*_progress",
    "*-update", "*-status", "*-changed", "*-progress", "*Update", "*Status", "*Changed", "*Progress",
)
# A connect-time snapshot or setting: it is what the deltas apply to, not an update stream.
SNAPSHOT_NAMES = frozenset({
    "all", "init", "initial", "initial_state", "snapshot", "state", "sync", "configuration", "config",
    "settings", "welcome", "hello", "ready",
})
# A delta with no resource of its own: it updates whatever the snapshot filled.
DELTA_NAMES = frozenset({
    "added", "updated", "removed", "deleted", "created", "completed", "changed", "patch", "delta", "diff",
    "insert", "update", "remove", "delete", "upsert", "progress", "status", "event", "events",
})


def promises_updates(message_type: MessageType) -> bool:
    return message_type.glob or any(fnmatch.fnmatchcase(message_type.name, p) for p in PROMISES_UPDATES)


def is_snapshot(message_type: MessageType) -> bool:
    return not message_type.glob and message_type.name.lower() in SNAPSHOT_NAMES


def is_delta(message_type: MessageType) -> bool:
    return not message_type.glob and message_type.name.lower() in DELTA_NAMES


# The verb of a resource's delta (`user_joined`, `order-removed`, `itemAdded`).
DELTA_VERBS = frozenset({
    "added", "removed", "deleted", "created", "updated", "changed", "joined", "left", "moved", "renamed",
    "inserted", "upserted", "completed", "finished", "started", "connected", "disconnected", "online", "offline",
})


def _words(name: str) -> list[str]:
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in name)
    return [w for w in spaced.replace("_", " ").replace("-", " ").replace(".", " ").split() if w]


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def resource_deltas(message_type: MessageType, pushed: set[MessageType]) -> list[str]:
    """Pushed deltas of a resource the type names: `user_joined`, `user_left` keep
    `active_users` current."""
    own = {_stem(w) for w in _words(message_type.name)}
    found = []
    for other in pushed:
        words = _words(other.name)
        if len(words) >= 2 and words[-1] in DELTA_VERBS and own & {_stem(w) for w in words[:-1]}:
            found.append(other.name)
    return sorted(found)


def kept_current(message_type: MessageType, pushed: set[MessageType]) -> str | None:
    """Why an initial type needs no broadcast of its own on a socket that gets `pushed`
    (None: it needs one). The reason names the rule that decided, for the evidence."""
    if not pushed or promises_updates(message_type) or message_type in pushed:
        return None
    deltas = sorted(t.name for t in pushed if is_delta(t))
    if is_snapshot(message_type):
        return f"a snapshot by its name; the socket gets {', '.join(sorted(t.name for t in pushed)[:3])}"
    related = resource_deltas(message_type, pushed)
    if related:
        return f"connect-time data that the deltas pushed to the socket ({', '.join(related[:3])}) keep current (decided by name)"
    if deltas:
        return f"connect-time data that the deltas pushed to the socket ({', '.join(deltas[:3])}) keep current (decided by name)"
    return None
