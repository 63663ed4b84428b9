"""Generated traffic for `wscheck traffic`'s tests (and its tuning, docs/traffic.md): timers
with jitter, missed beats and response latency, people browsing an app, and the writers of
each log format. Seeded: the same call gives the same log."""

from __future__ import annotations

import datetime
import gzip
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

START = 1765188000.0  # 2025-12-08 10:00:00 UTC, the post-mortem's day
PAGES = {  # a dashboard: what each page fetches when it is opened
    "/": ("/api/v1/workflows", "/api/v1/queue", "/static/app.js", "/static/app.css"),
    "/workflows": ("/api/v1/workflows", "/api/v1/workflow-history"),
    "/workflow": ("/api/v1/workflows/{n}", "/api/v1/workflows/{n}/logs"),
    "/routes": ("/api/v1/routes",),
    "/settings": ("/api/v1/settings", "/api/v1/queue/config"),
    "/monitor": ("/api/v1/adw-monitor", "/api/v1/system-status"),
}


@dataclass(frozen=True)
class Hit:
    time: float
    method: str
    target: str
    client: str
    status: int = 200


def timer(rng: random.Random, target: str, every: float, seconds: float, client: str = "127.0.0.1",
          start: float = START, jitter: float = 0.02, latency: float = 0.04, miss: float = 0.0) -> list[Hit]:
    """A setInterval poller: fires every `every` s (jitter: the timer's and the network's, as a
    fraction of the interval), logged when the response ends (latency), some beats missed."""
    hits, beat = [], 0
    while beat * every < seconds:
        fired = start + beat * every + rng.gauss(0, jitter * every)
        beat += 1
        if rng.random() < miss:
            continue
        hits.append(Hit(fired + rng.expovariate(1 / latency), "GET", target, client))
    return hits


def browsing(rng: random.Random, client: str, seconds: float, start: float = START) -> list[Hit]:
    """A person using the app: opens pages at human pace (think times from seconds to
    minutes, log-normal), each page fetching its API paths and assets at once."""
    hits, now = [], start + rng.uniform(0, 20)
    while now < start + seconds:
        page = rng.choice(list(PAGES))
        hits.append(Hit(now, "GET", page, client))
        item = rng.randint(1, 500)
        for offset, target in enumerate(PAGES[page]):
            hits.append(Hit(now + 0.05 + 0.03 * offset + rng.expovariate(20), "GET",
                            target.replace("{n}", str(item)) + ("?page=2" if rng.random() < 0.2 else ""), client))
        if rng.random() < 0.15:  # a form sent
            hits.append(Hit(now + rng.uniform(2, 20), "POST", "/api/v1/workflows", client, 201))
        now += rng.lognormvariate(math.log(12), 1.1)
    return hits


def ordered(*series: list[Hit]) -> list[Hit]:
    return sorted((hit for hits in series for hit in hits), key=lambda h: h.time)


def _utc(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def combined(hit: Hit) -> str:
    """nginx's and Apache's combined format, whole seconds."""
    when = _utc(hit.time).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{hit.client} - - [{when}] "{hit.method} {hit.target} HTTP/1.1" {hit.status} 512 '
            f'"http://localhost:5173/" "Mozilla/5.0 (X11; Linux x86_64)"')


def uvicorn(hit: Hit, stamped: bool = False, port: int = 52000) -> str:
    """uvicorn's access line: its default console format, or with an asctime in front."""
    line = f'INFO:     {hit.client}:{port} - "{hit.method} {hit.target} HTTP/1.1" {hit.status} OK'
    if not stamped:
        return line
    return _utc(hit.time).strftime("%Y-%m-%d %H:%M:%S,") + f"{int(hit.time * 1000) % 1000:03d} " + line


def json_line(hit: Hit) -> str:
    return json.dumps({"time": _utc(hit.time).isoformat(timespec="milliseconds"), "level": "info",
                       "method": hit.method, "path": hit.target, "status": hit.status, "client_ip": hit.client})


def write(path: Path, lines: list[str]) -> Path:
    text = "".join(line + "\n" for line in lines)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def har(hits: list[Hit], pages: dict[str, str] | None = None, origin: str = "http://localhost:8000") -> dict:
    """A HAR 1.2 document as Chrome saves it (every required key), one page per client
    unless `pages` maps clients to page ids."""
    pages = pages or {}
    ids = {client: pages.get(client, f"page_{i}") for i, client in enumerate(sorted({h.client for h in hits}), 1)}
    first = {client: min(h.time for h in hits if h.client == client) for client in ids}
    return {"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": _iso(first[c]), "id": ids[c], "title": f"{origin}/ ({c})",
                   "pageTimings": {"onContentLoad": 120.5, "onLoad": 230.1}} for c in sorted(ids)],
        "entries": [_entry(hit, ids[hit.client], origin) for hit in hits],
    }}


def _iso(seconds: float) -> str:
    return _utc(seconds).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _entry(hit: Hit, page: str, origin: str) -> dict:
    return {
        "pageref": page,
        "startedDateTime": _iso(hit.time),
        "time": 12.5,
        "request": {"method": hit.method, "url": origin + hit.target, "httpVersion": "HTTP/1.1", "cookies": [],
                    "headers": [{"name": "Accept", "value": "application/json"}], "queryString": [],
                    "headersSize": 210, "bodySize": 0},
        "response": {"status": hit.status, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [],
                     "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "content": {"size": 42, "mimeType": "application/json", "text": '{"items": []}'},
                     "redirectURL": "", "headersSize": 120, "bodySize": 42},
        "cache": {},
        "timings": {"blocked": 0.5, "dns": -1, "connect": -1, "send": 0.1, "wait": 11.2, "receive": 0.7, "ssl": -1},
        "serverIPAddress": "127.0.0.1",
    }


# HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the keys every object must have
HAR_REQUIRED = {
    "log": ("version", "creator", "entries"),
    "creator": ("name", "version"),
    "page": ("startedDateTime", "id", "title", "pageTimings"),
    "entry": ("startedDateTime", "time", "request", "response", "cache", "timings"),
    "request": ("method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"),
    "response": ("status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                 "headersSize", "bodySize"),
    "content": ("size", "mimeType"),
    "timings": ("send", "wait", "receive"),
}


def har_problems(document: dict) -> list[str]:
    """What a HAR document lacks of the 1.2 structure (an empty list: it is whole)."""
    problems = []

    def need(kind: str, value: object, where: str) -> None:
        if not isinstance(value, dict):
            problems.append(f"{where}: not an object")
            return
        problems.extend(f"{where}: no {key}" for key in HAR_REQUIRED[kind] if key not in value)

    log = document.get("log")
    need("log", log, "log")
    if not isinstance(log, dict):
        return problems
    need("creator", log.get("creator"), "log.creator")
    for i, page in enumerate(log.get("pages", [])):
        need("page", page, f"log.pages[{i}]")
    for i, entry in enumerate(log.get("entries", [])):
        need("entry", entry, f"log.entries[{i}]")
        if isinstance(entry, dict):
            need("request", entry.get("request"), f"log.entries[{i}].request")
            need("response", entry.get("response"), f"log.entries[{i}].response")
            need("timings", entry.get("timings"), f"log.entries[{i}].timings")
            if isinstance(entry.get("response"), dict):
                need("content", entry["response"].get("content"), f"log.entries[{i}].response.content")
    return problems
