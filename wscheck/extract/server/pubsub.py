"""Pub/sub and connection-manager conventions: which broadcast calls name a channel first,
and which calls register a socket with a manager."""

CHANNEL_FIRST = frozenset({"publish", "group_send"})  # publish(channel, message)
# `manager.connect(websocket)`, `self.active_connections.append(websocket)`: registering a socket
REGISTRATIONS = frozenset({"connect", "register", "add", "append", "subscribe", "add_connection", "join"})
