"""Path templates: a request target as the path it polls, ids folded (`/jobs/42?x=1` -> `/jobs/{id}`)."""

from __future__ import annotations

import re
from functools import lru_cache

_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
# a hash or object id: long hex with a digit in it (`deadbeefcafe`-like words are rare, ids are not)
_HEX = re.compile(r"(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{16,}")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
ID = "{id}"


def request_path(target: str) -> str:
    """The path of a request target: an absolute URL's scheme and host, the query and the
    fragment dropped (`https://x/api/q?a=1#b` -> `/api/q`)."""
    if "://" in target[:12]:
        rest = target.split("://", 1)[1]
        slash = rest.find("/")
        target = rest[slash:] if slash >= 0 else "/"
    for mark in ("?", "#"):
        cut = target.find(mark)
        if cut >= 0:
            target = target[:cut]
    return target or "/"


@lru_cache(maxsize=1 << 16)  # a log repeats its targets: polling above all
def template(target: str) -> str:
    """The request's path with numeric, UUID and hex-hash segments as `{id}`, and no trailing
    slash: `/api/v1/jobs/42/` and `/api/v1/jobs/43?page=2` are one series, `/api/v1/jobs/{id}`."""
    path = request_path(target)
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part and (_NUMBER.fullmatch(part) or _UUID.fullmatch(part) or _HEX.fullmatch(part)):
            parts[i] = ID
    folded = "/".join(parts)
    if len(folded) > 1 and folded.endswith("/"):
        folded = folded.rstrip("/") or "/"
    return folded if folded.startswith("/") else "/" + folded
