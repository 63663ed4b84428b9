"""WS107 silent-websocket-error: an `except` in WebSocket code that swallows the error."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example


MANAGER = """
        import logging

        logger = logging.getLogger(__name__)

        class ConnectionManager:
            async def broadcast(self, message):
                for connection in self.active_connections:
                    try:
                        await connection.send_json(message)
                    except Exception:
                        logger.error("[WS] Error in WebSocket connection:")
        """


class SilentWebsocketError(Rule):
    code = "WS107"
    name = "silent-websocket-error"
    severity = Severity.WARNING
    summary = (
        "In endpoint code, a connection manager or a broadcaster, a broad `except` that swallows "
        "the error (`pass`, `continue`, or a log line with neither the exception nor `exc_info`); "
        "on the client, an empty `onerror`/`onclose` handler."
    )
    why = (
        "The post-mortem's sockets failed with empty error messages, so nobody saw why. Only broad "
        "catches are flagged (bare `except`, `except Exception`): disconnects and narrow catches "
        "such as `except ValueError` around `list.remove()` are deliberate."
    )
    bad = example(**{"app/manager.py": MANAGER})
    good = example(**{"app/manager.py": MANAGER.replace('connection:")', 'connection", exc_info=True)')})

    def check(self, project, settings):
        for error in project.silent_errors:
            yield self.finding(
                error.location,
                f"`except {error.caught}` in WebSocket code swallows the error ({error.how}); "
                "log it with the exception (logger.exception or exc_info=True)",
            )
        for handler in project.silent_client_handlers:
            yield self.finding(
                handler.location,
                f"empty `{handler.event}` handler on a socket: failures vanish without a trace",
            )
