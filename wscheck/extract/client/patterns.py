"""Patterns: the bytes that make a client file worth parsing, checked before any parser loads."""

PREFILTER = (b"WebSocket", b"refetchInterval", b"socket.io", b"wscheck:")
