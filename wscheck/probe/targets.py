"""Probe targets: the sockets to open, from URLs or from the static scan's endpoints joined to
`--base-url`; an endpoint whose path is not known in full is skipped with the reason, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from wscheck.config import ConfigError

SOCKETIO_PATH = "/socket.io"
# `{name}` and Starlette's `{name:int}`: the model writes every path parameter this way
PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^{}]*)?\}")
# what the Engine.IO client adds to a URL itself
ENGINEIO_QUERY = frozenset({"EIO", "transport", "sid", "t"})
# the codes whose failure means the socket goes idle after its initial data (checklist phase 2)
IDLE_CODES = frozenset({"WS101", "WS102"})


@dataclass(frozen=True)
class StaticView:
    """What the static scan says of an endpoint: beside the run-time verdict."""

    codes: tuple[str, ...]  # every finding tied to the endpoint
    summary: str  # `WS101 (nothing broadcasts system_status_update)`, or `ok`
    types: tuple[str, ...]  # its data message types (globs allowed): updates of these count
    file: str
    line: int
    broadcasts: bool = False  # checklist phase 2 passed: something pushes its updates
    idle_reasons: tuple[str, ...] = ()  # `WS101: nothing broadcasts system_status_update`

    @property
    def predicts_idle(self) -> bool:
        return bool(self.idle_reasons)


@dataclass(frozen=True)
class Target:
    url: str  # ws(s)://… for a WebSocket; http(s)://host for Socket.IO (its path is `socketio_path`)
    label: str  # what the report calls it: the endpoint's path, or the URL as given
    path: str  # the endpoint's path as declared, the URL's path, or the Socket.IO namespace
    socketio: bool = False
    namespace: str = "/"
    socketio_path: str = "socket.io"
    static: StaticView | None = None

    @property
    def shown_url(self) -> str:
        """The URL a person would paste (a Socket.IO server's Engine.IO endpoint)."""
        return f"{self.url}/{self.socketio_path.strip('/')}/" if self.socketio else self.url


@dataclass(frozen=True)
class Skipped:
    label: str
    reason: str
    static: StaticView | None = None


def from_urls(urls: tuple[str, ...], socketio: bool, namespaces: tuple[str, ...]) -> list[Target]:
    """Each URL as a target; a Socket.IO URL once for each namespace (default `/`)."""
    targets = [t for url in urls for t in _from_url(url, socketio, namespaces or ("/",))]
    if namespaces and not any(t.socketio for t in targets):
        raise ConfigError("--namespace is a Socket.IO namespace: add --socketio, or give a URL whose path holds /socket.io/")
    return targets


def _from_url(url: str, socketio: bool, namespaces: tuple[str, ...]) -> list[Target]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not parts.netloc or not scheme:
        raise ConfigError(f"not a URL: '{url}' (give ws://host/path, or --base-url URL with source paths)")
    if socketio or SOCKETIO_PATH + "/" in parts.path + "/":
        if scheme not in ("http", "https", "ws", "wss"):
            raise ConfigError(f"'{url}': a Socket.IO URL starts with http://, https://, ws:// or wss://")
        root = urlunsplit(({"ws": "http", "wss": "https"}.get(scheme, scheme), parts.netloc, "", _query(parts.query), ""))
        return [
            Target(root, url if namespace == "/" else f"{url} {namespace}", namespace, True, namespace, _socketio_path(parts.path))
            for namespace in map(_namespace, namespaces)
        ]
    if scheme not in ("ws", "wss"):
        raise ConfigError(f"'{url}': a WebSocket URL starts with ws:// or wss:// (for Socket.IO add --socketio)")
    return [Target(url, url, parts.path or "/")]


def _socketio_path(path: str) -> str:
    """The Engine.IO endpoint: up to `/socket.io` when the path holds it, else the path given
    (a server mounted elsewhere), else the default."""
    if SOCKETIO_PATH + "/" in path + "/":
        path = path[: path.index(SOCKETIO_PATH) + len(SOCKETIO_PATH)]
    return path.strip("/") or "socket.io"


def _query(query: str) -> str:
    return urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in ENGINEIO_QUERY])


def _namespace(namespace: str) -> str:
    return namespace if namespace.startswith("/") else "/" + namespace


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """`--param adw_id=42` (repeatable) as {"adw_id": "42"}."""
    params: dict[str, str] = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param '{value}': give NAME=VALUE, as in --param adw_id=42")
        params[name.strip()] = given
    return params


def base_root(base_url: str) -> tuple[str, str, str]:
    """(WebSocket scheme, HTTP scheme, host and path prefix) of `--base-url`."""
    parts = urlsplit(base_url)
    scheme = parts.scheme.lower()
    schemes = {"http": ("ws", "http"), "https": ("wss", "https"), "ws": ("ws", "http"), "wss": ("wss", "https")}
    if scheme not in schemes or not parts.netloc:
        raise ConfigError(f"--base-url '{base_url}': give the app's root, as in http://localhost:8000")
    return (*schemes[scheme], parts.netloc + parts.path.rstrip("/"))


def from_report(report, base_url: str, params: dict[str, str]) -> tuple[list[Target], list[Skipped], list[str]]:
    """Every endpoint of the scan as a target (or skipped, with the reason), and the `--param`
    names no endpoint path uses."""
    from wscheck.facts import Framework

    ws_scheme, http_scheme, root = base_root(base_url)
    host, _, prefix = root.partition("/")
    prefix = "/" + prefix if prefix else ""
    targets: list[Target] = []
    skipped: list[Skipped] = []
    used: set[str] = set()
    for item in sorted(report.checklists, key=lambda c: (c.endpoint.path, c.endpoint.location.file, c.endpoint.location.line)):
        endpoint = item.endpoint
        static = static_view(item, report.findings)
        used.update(PARAMETER.findall(endpoint.path))
        path, reason = resolve(endpoint, params)
        if path is None:
            skipped.append(Skipped(endpoint.path, reason, static))
        elif endpoint.framework is Framework.SOCKETIO:
            url = urlunsplit((http_scheme, host, "", "", ""))
            targets.append(Target(url, endpoint.path, endpoint.path, True, path, (prefix + SOCKETIO_PATH).strip("/"), static))
        else:
            targets.append(Target(f"{ws_scheme}://{root}{path}", endpoint.path, endpoint.path, static=static))
    return targets, skipped, sorted(set(params) - used)


def resolve(endpoint, params: dict[str, str]) -> tuple[str | None, str]:
    """The endpoint's path with its parameters filled in, or None and why it cannot be probed."""
    path = endpoint.path
    if not endpoint.routed:
        return None, "no route reaches its handler: its path is unknown"
    if "*" in path or not path.startswith("/"):
        return None, f"its path is not known in full (`{path}`)"
    missing = [name for name in PARAMETER.findall(path) if name not in params]
    if missing:
        return None, "needs " + " ".join(f"--param {name}=VALUE" for name in dict.fromkeys(missing))
    filled = PARAMETER.sub(lambda m: quote(params[m.group(1)], safe=""), path)
    if any(c in filled for c in "{}<>()[]^$\\"):
        return None, f"a path pattern, not a path (`{path}`)"
    return filled, ""


def static_view(item, findings) -> StaticView:
    """The endpoint's checklist item as the probe's report shows it."""
    from wscheck.answers import Status
    from wscheck.checklist import Phase

    endpoint = item.endpoint
    own = [f for f in findings if f.endpoint == endpoint.path]
    reasons = tuple(dict.fromkeys(_reason(f) for f in own if f.code in IDLE_CODES))
    shown = [f"{code} ({why})" for code, _, why in (r.partition(": ") for r in reasons)] or [f"{f.code} ({f.name})" for f in own]
    types = tuple(dict.fromkeys(t.name for t in endpoint.data_types))
    location = endpoint.location
    return StaticView(
        tuple(dict.fromkeys(f.code for f in own)), ", ".join(dict.fromkeys(shown)) or "ok", types, location.file, location.line,
        item.phases[Phase.BROADCAST].status is Status.PASS, reasons,
    )


def _reason(finding) -> str:
    if finding.code == "WS101" and finding.message_type:
        return f"WS101: nothing broadcasts {finding.message_type}"
    return f"{finding.code}: {finding.name}"
