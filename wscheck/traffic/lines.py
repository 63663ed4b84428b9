"""Log lines: one line of an access log as a request, in whichever format it is written
(uvicorn, common/combined, a JSON object); each line is tried on its own, so a Docker
Compose stream that mixes nginx and uvicorn lines reads whole."""

from __future__ import annotations

import json
import re
from enum import Enum

from wscheck.traffic.records import LogFormat, Request
from wscheck.traffic.timestamps import find_in_prefix, parse_any, parse_clf

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # uvicorn colours its lines on a terminal; `tee` keeps the codes
# 127.0.0.1 - frank [08/Dec/2025:10:00:03 +0000] "GET /api/v1/queue HTTP/1.1" 200 512 "-" "Mozilla/5.0"
COMBINED = re.compile(r'(?P<client>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3})\b')
# INFO:     127.0.0.1:52000 - "GET /api/v1/queue HTTP/1.1" 200 OK
UVICORN = re.compile(r'(?P<client>\S*) - "(?P<method>[A-Z]+) (?P<target>\S+) HTTP/[\d.]+" (?P<status>\d{3})\b')
REQUEST_LINE = re.compile(r"(?P<method>[A-Z]+) (?P<target>\S+)(?: (?:HTTP/)?[\d.]+)?")
# a line that means to be a request but did not parse (cut off, a broken quote)
LOOKS_LIKE_REQUEST = re.compile(r'"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S')

METHOD_KEYS = ("method", "request_method", "http_method", "httpMethod", "verb", "http.request.method",
               "request.method", "req.method")
PATH_KEYS = ("path", "request_path", "uri", "request_uri", "url", "target", "url.path", "url.original",
             "http.url", "request.path", "request.url", "req.url")
TIME_KEYS = ("time", "timestamp", "@timestamp", "ts", "datetime", "date", "asctime", "time_local",
             "time_iso8601", "start_time", "created", "t")
CLIENT_KEYS = ("client", "client_addr", "client_ip", "remote_addr", "remote_ip", "remote", "ip", "clientip",
               "client.ip", "client.address", "source.ip", "req.remoteAddress", "peer")
STATUS_KEYS = ("status", "status_code", "response_status", "http.response.status_code", "response.status",
               "res.statusCode")
REQUEST_KEYS = ("request", "request_line")  # "GET /api/v1/queue HTTP/1.1", as nginx's JSON logs hold it
MESSAGE_KEYS = ("message", "msg", "event", "log")  # a JSON log whose message is an access line


class Skip(Enum):
    """A line that gave no request."""

    OTHER = "other"  # a line that is no request: a startup message, an application log, a WebSocket line
    MALFORMED = "malformed"  # it means to be a request (or is a broken JSON object) and cannot be read
    UNMATCHED = "unmatched"  # it matches no format: malformed in a strict log, other in a console log


def client_address(text: object) -> str:
    """The remote address without its port: `127.0.0.1:52000` -> `127.0.0.1`, `[::1]:52000` -> `::1`."""
    if isinstance(text, (list, tuple)):  # an ASGI scope's ("127.0.0.1", 52000)
        text = text[0] if text else ""
    if isinstance(text, dict):
        text = next((text[k] for k in ("ip", "address", "host", "addr") if k in text), "")
    value = str(text or "").strip()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value or "-"


def parse(text: str, number: int, arrival: float | None = None) -> tuple[Request, LogFormat] | Skip:
    """One line as a request and the format it is in; `arrival` times a line that has no
    time of its own (`--follow`)."""
    if "\x1b" in text:
        text = ANSI.sub("", text)
    stripped = text.strip()
    if not stripped:
        return Skip.OTHER
    if stripped.startswith("{"):
        return _json_line(stripped, number, arrival)
    found = _text_line(text, number, None)
    if found is None:
        return Skip.MALFORMED if LOOKS_LIKE_REQUEST.search(text) else Skip.UNMATCHED
    if isinstance(found, Skip):
        return found
    request, fmt = found
    if request.time is None:
        request.time = arrival
    return request, fmt


def _text_line(text: str, number: int, time: float | None) -> tuple[Request, LogFormat] | Skip | None:
    match = COMBINED.search(text)
    if match is not None:
        request = REQUEST_LINE.fullmatch(match["request"])
        if request is None:  # `"-" 400`: a connection that sent no request (a probe, a timeout)
            return Skip.OTHER
        when = parse_clf(match["time"])
        return Request(request["method"], request["target"], client_address(match["client"]),
                       when if when is not None else time, int(match["status"]), number), LogFormat.COMBINED
    match = UVICORN.search(text)
    if match is not None:
        when = find_in_prefix(text[: match.start()])
        return Request(match["method"], match["target"], client_address(match["client"]),
                       when if when is not None else time, int(match["status"]), number), LogFormat.UVICORN
    return None


def _json_line(text: str, number: int, arrival: float | None) -> tuple[Request, LogFormat] | Skip:
    try:
        record = json.loads(text)
    except ValueError:
        return Skip.MALFORMED
    if not isinstance(record, dict):
        return Skip.MALFORMED
    time = parse_any(_first(record, TIME_KEYS))
    when = time if time is not None else arrival
    method, target = _first(record, METHOD_KEYS), _first(record, PATH_KEYS)
    if method is None or target is None:
        line = _first(record, REQUEST_KEYS)
        parsed = REQUEST_LINE.fullmatch(line.strip()) if isinstance(line, str) else None
        if parsed is not None:
            method, target = parsed["method"], parsed["target"]
    if method is None or target is None:
        message = _first(record, MESSAGE_KEYS)
        found = _text_line(message, number, when) if isinstance(message, str) else None
        if isinstance(found, tuple):
            return found[0], LogFormat.JSON
        return Skip.MALFORMED if method is not None or target is not None else Skip.OTHER
    if not isinstance(method, str) or not isinstance(target, str) or not target:
        return Skip.MALFORMED
    status = _first(record, STATUS_KEYS)
    code = int(status) if isinstance(status, (int, str)) and str(status).isdigit() else None
    return Request(method.upper(), target, client_address(_first(record, CLIENT_KEYS)), when, code, number), LogFormat.JSON


def _first(record: dict, keys: tuple[str, ...]) -> object:
    """The first key present, looked up as written (`url.path` may be a flat key) and then
    through nested objects (ECS's `{"url": {"path": …}}`)."""
    for key in keys:
        value = record.get(key)
        if value is None and "." in key:
            value = record
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, dict):
            return value
    return None
