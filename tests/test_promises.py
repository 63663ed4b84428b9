"""Which connect-time types a socket's other pushes keep current (model.promises), both
directions: the snapshot + delta protocols are live, the post-mortem's shape stays caught."""

from __future__ import annotations

import pytest

from wscheck.model.entities import MessageType
from wscheck.model.promises import kept_current


def types(*names: str) -> set[MessageType]:
    return {MessageType(n) for n in names}


@pytest.mark.parametrize("sent, pushed", [
    ("all", ("order_book",)),  # a snapshot by its name
    ("configuration", ("added", "updated")),
    ("custom_dirs", ("added", "updated", "completed")),  # generic deltas keep the snapshot current
    ("active_users", ("user_joined", "user_left", "chat_message")),  # deltas of the resource it names
    ("itemList", ("itemAdded",)),
])
def test_kept_current(sent, pushed):
    assert kept_current(MessageType(sent), types(*pushed)) is not None


@pytest.mark.parametrize("sent, pushed", [
    ("system_status_update", ("workflows_update", "queue_update")),  # the post-mortem: promises its own updates
    ("queue_status", ("added", "updated", "completed")),  # a forgotten type on a busy socket
    ("weather_update", ("chat_message",)),
    ("positions_snapshot", ("order_book",)),  # other resources' pushes do not update it
    ("custom_dirs", ()),  # nothing pushed at all: idle
    ("progress_update", ("task_progress",)),
])
def test_needs_its_own_broadcast(sent, pushed):
    assert kept_current(MessageType(sent), types(*pushed)) is None
