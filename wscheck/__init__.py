"""wscheck: lint a real-time web app's WebSocket contract."""

__version__ = "0.1.0"
