"""URLs: the path of a client socket URL, whether it can reach an endpoint, and the HTTP
resource an endpoint stands in for."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

from wscheck.model.entities import Endpoint

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_GROUP = re.compile(r"\([^)]*\)")


def regex_path(pattern: str) -> str:
    """A route written as a regex (Tornado), as a path client URLs can meet: anchors and an
    optional trailing slash dropped, groups as parameters (`/ws/(?P<room>\\w+)` -> `/ws/{room}`,
    `/ws/(\\w+)` -> `/ws/{param}`), `.*` as `*`, escapes undone."""
    text = pattern.lstrip("^").rstrip("$")
    text = text[:-2] if text.endswith("/?") and len(text) > 2 else text
    text = _NAMED_GROUP.sub(lambda m: "{" + m.group(1) + "}", text)
    text = _GROUP.sub("{param}", text)
    return text.replace(".*", "*").replace(".+", "*").replace("\\", "")


def url_path(url: str) -> str:
    """The path part of a socket URL pattern: scheme and host dropped, query dropped."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in url:
        rest = url.split("://", 1)[1]
        slash = rest.find("/")
        if slash >= 0:
            return rest[slash:]
        return "*" if "*" in rest else "/"  # `${origin}${path}`: the path is unknown, not "/"
    return url


LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")


def checkable_url(url: str) -> bool:
    """Whether a URL certainly targets this app: its path is fully known, and its host is
    the page's own (unknown in a template), a local one, or absent."""
    path = url_path(url)
    if path.startswith("*") or "*" in path.split("/")[1:2]:
        return False
    if "://" not in url:
        return url.startswith("/")
    host = url.split("://", 1)[1].split("/", 1)[0]
    return "*" in host or host.split(":")[0] in LOCAL_HOSTS


@lru_cache(maxsize=1 << 16)  # every socket against every endpoint, by the model and by rules
def path_matches(url: str, endpoint_path: str) -> bool:
    """Whether a client URL pattern can reach the endpoint. A path parameter (`{id}`)
    matches any one segment; an unknown base (`*`) may hold scheme, host and a prefix,
    so then only the end of the path must agree."""
    path = url_path(url)
    if "*" in endpoint_path:  # part of the server path is unknown (an unresolved prefix): it may be anything
        return _fits_partial(path, endpoint_path)
    open_start = path.startswith("*")
    url_parts = path.lstrip("*").split("/")
    route_parts = endpoint_path.split("/")
    head = url_parts.pop(0) if open_start else None  # text glued to the unknown base
    if len(url_parts) > len(route_parts) or (not open_start and len(url_parts) != len(route_parts)):
        return False
    for url_part, route_part in zip(reversed(url_parts), reversed(route_parts)):
        if not _segment_matches(url_part, route_part):
            return False
    if head:  # `${base}ws/x`: the base's last segment must end with "ws"
        remaining = route_parts[: len(route_parts) - len(url_parts)]
        return bool(remaining) and (remaining[-1].endswith(head) or is_param(remaining[-1]))
    return True


def _fits_partial(path: str, endpoint_path: str) -> bool:
    """`/api/events/out` fits `*/events/out`: the unknown part stands for any text, slashes
    included; a path parameter for one segment. A client path with unknown parts of its own
    is compared by its known end only."""
    pattern = "".join(
        ".*" if piece == "*" else "[^/]+" if is_param(piece) else re.escape(piece)
        for piece in re.split(r"(\*|\{[^/{}]*\})", endpoint_path) if piece
    )
    if "*" in path:
        tail = path.rsplit("*", 1)[1]
        return bool(re.search(pattern.rsplit(".*", 1)[-1] + "$", tail)) or not tail
    return re.fullmatch(pattern, path) is not None


def is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _segment_matches(url_part: str, route_part: str) -> bool:
    if url_part == route_part or (is_param(route_part) and url_part):
        return True
    return "*" in url_part and fnmatch.fnmatchcase(route_part, url_part)


WS_SEGMENTS = frozenset({"ws", "wss", "websocket", "websockets", "socket", "sockets", "realtime", "live", "stream"})


def resource_path(endpoint: Endpoint) -> str:
    """The HTTP resource an endpoint replaces: its path without the socket segment
    (`/api/v1/ws/system-status` -> `/api/v1/system-status`)."""
    parts = [p for p in endpoint.path.split("/") if p.lower() not in WS_SEGMENTS]
    last = parts[-1] if parts else ""
    for affix in ("ws-", "ws_"):
        if last.lower().startswith(affix):
            parts[-1] = last[len(affix):]
    return "/".join(parts) or "/"
