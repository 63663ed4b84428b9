"""Connections: one socket opened with the `websockets` client or python-socketio's AsyncClient,
behind one small interface (open, send, receive a message's type, close). The libraries load here,
when a probe runs: `wscheck check` never imports them."""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import dataclass
from enum import Enum

from wscheck import __version__
from wscheck.config import ConfigError

USER_AGENT = f"wscheck/{__version__} (probe)"
INSTALL_RUNTIME = "pip install 'wscheck[runtime]'"
UNTYPED = frozenset({"text", "json", "binary"})  # what a message without a type key is counted as


class EndKind(str, Enum):
    REJECTED = "rejected"  # the handshake was refused
    UNREACHABLE = "unreachable"  # no handshake at all
    CLOSED = "closed"  # opened, then closed by the other side


@dataclass(frozen=True)
class Ended:
    """How a socket failed: never opened, or closed by the other side."""

    kind: EndKind
    detail: str  # the reason, in words
    http_status: int | None = None
    code: int | None = None  # the close code; None: no close frame (or Socket.IO, which has none)
    reason: str | None = None  # the close reason as sent ("" when empty)
    at: float | None = None  # seconds after opening (set by the observer)
    short: str = ""  # for a table cell, when shorter than `detail`


class Failed(Exception):
    def __init__(self, ended: Ended):
        super().__init__(ended.detail)
        self.ended = ended


@dataclass(frozen=True)
class Options:
    """How to open a socket and read its messages: what the command line asked for."""

    timeout: float = 10.0  # seconds for the handshake
    headers: tuple[tuple[str, str], ...] = ()
    origin: str | None = None
    type_keys: tuple[str, ...] = ("type", "event", "message_type")


def message_type(data: str | bytes, keys: tuple[str, ...]) -> str:
    """A JSON object's type key (the first of `keys` it has); else `json`, `text` or `binary`."""
    if isinstance(data, (bytes, bytearray)):
        return "binary"
    try:
        value = json.loads(data)
    except ValueError:
        return "text"
    if isinstance(value, dict):
        for key in keys:
            found = value.get(key)
            if isinstance(found, (str, int)) and not isinstance(found, bool) and str(found):
                return str(found)
    return "json"


def connection_for(target, options: Options):
    return SocketIOConnection(target, options) if target.socketio else WebSocketConnection(target, options)


def describe_os_error(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return f"cannot resolve the host ({error.strerror or error})"
    if isinstance(error, (TimeoutError, asyncio.TimeoutError)):
        return "no answer in time"
    text = getattr(error, "strerror", None) or str(error)
    return text or type(error).__name__


class WebSocketConnection:
    """A plain WebSocket, with the `websockets` library's asyncio client."""

    def __init__(self, target, options: Options) -> None:
        self.target, self.options, self.socket = target, options, None

    async def open(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import InvalidHandshake, InvalidStatus, InvalidURI

        try:
            self.socket = await connect(
                self.target.url, additional_headers=list(self.options.headers), origin=self.options.origin,
                open_timeout=self.options.timeout, user_agent_header=USER_AGENT, max_size=None,
            )
        except InvalidStatus as error:
            status, phrase = error.response.status_code, error.response.reason_phrase
            detail = f"handshake rejected with HTTP {status}" + (f" {phrase}" if phrase else "")
            raise Failed(Ended(EndKind.REJECTED, detail, status, short=f"HTTP {status}")) from None
        except InvalidURI as error:
            raise ConfigError(f"'{self.target.url}': {error}") from None
        except (OSError, InvalidHandshake, asyncio.TimeoutError) as error:
            reason = describe_os_error(error)
            raise Failed(Ended(EndKind.UNREACHABLE, f"could not connect: {reason}", short=reason)) from None

    async def send(self, text: str) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            await self.socket.send(text)
        except ConnectionClosed as error:
            raise Failed(_closed(error)) from None

    async def receive(self, timeout: float) -> str | None:
        """The next message's type; None when nothing came within `timeout` seconds."""
        from websockets.exceptions import ConnectionClosed

        try:
            data = await asyncio.wait_for(self.socket.recv(), timeout)  # cancelling recv() loses nothing
        except asyncio.TimeoutError:
            return None
        except ConnectionClosed as error:
            raise Failed(_closed(error)) from None
        return message_type(data, self.options.type_keys)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None


def _closed(error) -> Ended:
    frame = error.rcvd
    if frame is None:  # no close frame: the connection dropped
        return Ended(EndKind.CLOSED, "connection dropped without a close frame (code 1006)", code=1006)
    reason = frame.reason
    said = f"reason '{reason}'" if reason else "no reason"
    return Ended(EndKind.CLOSED, f"closed with code {frame.code} and {said}", code=frame.code, reason=reason)


class SocketIOConnection:
    """A Socket.IO namespace, with python-socketio's AsyncClient over the WebSocket transport
    only (long-polling would itself be HTTP polling), never reconnecting."""

    def __init__(self, target, options: Options) -> None:
        self.check_installed()
        self.target, self.options = target, options
        self.queue: asyncio.Queue = asyncio.Queue()
        self.refusal: str | None = None
        self.closing = False
        self.client = self.session = None

    @staticmethod
    def check_installed() -> None:
        try:
            import aiohttp  # noqa: F401  (the async client's transport)
            import socketio  # noqa: F401
        except ImportError:
            raise ConfigError(f"probing Socket.IO needs python-socketio's async client: {INSTALL_RUNTIME}") from None

    async def open(self) -> None:
        import aiohttp
        import socketio

        namespace = self.target.namespace
        self.session = aiohttp.ClientSession()  # ours, so that it is closed whatever happens
        self.client = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=self.session)
        self.client.on("*", self._event, namespace=namespace)
        self.client.on("connect_error", self._refused, namespace=namespace)
        self.client.on("disconnect", self._disconnected, namespace=namespace)
        headers = {"User-Agent": USER_AGENT, **dict(self.options.headers)}
        if self.options.origin:
            headers["Origin"] = self.options.origin
        try:
            await self.client.connect(
                self.target.url, headers=headers, transports=["websocket"], namespaces=[namespace],
                socketio_path=self.target.socketio_path, wait_timeout=self.options.timeout,
            )
        except socketio.exceptions.ConnectionError as error:
            await self.close()
            raise Failed(self._failure(str(error))) from None

    def _failure(self, error: str) -> Ended:
        if self.refusal is not None:
            said = f"'{self.refusal}'" if self.refusal else "no reason"
            return Ended(EndKind.REJECTED, f"namespace {self.target.namespace} refused the connection with {said}", reason=self.refusal,
                         short=f"refused with {said}")
        status = [int(word) for word in error.replace(",", " ").split() if word.isdigit() and len(word) == 3]
        if status:
            return Ended(EndKind.REJECTED, f"handshake rejected with HTTP {status[0]}", status[0], short=f"HTTP {status[0]}")
        reason = error or "no reason given"
        return Ended(EndKind.UNREACHABLE, f"could not connect: {reason}", short=reason)

    async def _event(self, event: str, *args) -> None:
        await self.queue.put(event)

    async def _refused(self, data=None) -> None:
        message = data.get("message") if isinstance(data, dict) else data
        self.refusal = "" if message is None else str(message)

    async def _disconnected(self, reason=None) -> None:
        if not self.closing:
            said = f" ({reason})" if reason else " (no reason given)"
            await self.queue.put(Ended(EndKind.CLOSED, f"disconnected by the server{said}", reason=reason or ""))

    async def send(self, text: str) -> None:
        event, *args = json.loads(text)
        data = None if not args else args[0] if len(args) == 1 else tuple(args)
        await self.client.emit(event, data, namespace=self.target.namespace)

    async def receive(self, timeout: float) -> str | None:
        try:
            item = await asyncio.wait_for(self.queue.get(), timeout)
        except asyncio.TimeoutError:
            return None
        if isinstance(item, Ended):
            raise Failed(item)
        return item

    async def close(self) -> None:
        self.closing = True
        try:
            if self.client is not None and self.client.connected:
                await self.client.disconnect()
        finally:
            if self.session is not None:
                await self.session.close()
                self.session = None
