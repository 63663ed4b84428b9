"""HAR files: the requests of a HAR 1.2 file (a browser's network tab, saved), streamed.

ijson reads the JSON as a stream of events, so a 500 MB capture (response bodies included)
is never held in memory, let alone twice as `json.load` plus the entries would; only the few
fields a request needs are kept. HAR readers on PyPI (haralyzer) load the whole document."""

from __future__ import annotations

from typing import BinaryIO, Iterator

from wscheck.traffic.records import InputSummary, Request
from wscheck.traffic.timestamps import parse_any

ENTRY = "log.entries.item"
WANTED = {
    f"{ENTRY}.startedDateTime": "time",
    f"{ENTRY}.request.method": "method",
    f"{ENTRY}.request.url": "url",
    f"{ENTRY}.pageref": "page",
    f"{ENTRY}.response.status": "status",
    "log.pages.item.id": "page_id",
    "log.pages.item.title": "page_title",
    "log.creator.name": "creator",
    "log.creator.version": "creator_version",
}
SCALARS = frozenset({"string", "number", "boolean", "null"})


class NotHar(ValueError):
    """A JSON document that is not a HAR file (no `log.entries`)."""


def read(stream: BinaryIO, summary: InputSummary) -> Iterator[Request]:
    """Each entry as a request; an entry without method, URL or start time is malformed, and
    a document cut off (or broken) after some entries is one malformed line, the rest kept.
    The client is the entry's page (`pageref`), by its title where the file names it."""
    import ijson  # late: only HAR input needs it

    titles: dict[str, str] = {}
    fields: dict[str, object] = {}
    creator: dict[str, object] = {}
    page: dict[str, object] = {}
    number = 0
    seen_entries = False
    try:
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if event in SCALARS:
                name = WANTED.get(prefix)
                if name is None:
                    continue
                target = page if name.startswith("page_") else creator if name.startswith("creator") else fields
                target[name] = value
            elif prefix == ENTRY and event == "end_map":
                number += 1
                url = fields.get("url")
                if isinstance(url, str) and not url.startswith(("http://", "https://")):
                    summary.other += 1  # data:, blob:, an extension's own files: no HTTP request
                    fields = {}
                    continue
                request = _request(fields, titles, number, summary.name)
                fields = {}
                if request is None:
                    summary.bad(number)
                    continue
                yield request
            elif prefix == "log.entries" and event == "start_array":
                seen_entries = True
            elif prefix == "log.pages.item" and event == "end_map":
                if isinstance(page.get("page_id"), str):
                    titles[page["page_id"]] = str(page.get("page_title") or page["page_id"])
                page = {}
    except ijson.JSONError as error:
        if number == 0 and not seen_entries:
            raise NotHar(f"not a HAR file: {_reason(error)}") from None
        summary.bad(number + 1)
        summary.error = f"the JSON ends or breaks after entry {number}: {_reason(error)}"
    if not seen_entries:
        raise NotHar("not a HAR file: a JSON document with no log.entries")
    if creator.get("creator"):
        summary.creator = " ".join(str(creator[k]) for k in ("creator", "creator_version") if creator.get(k))


def _request(fields: dict, titles: dict[str, str], number: int, name: str) -> Request | None:
    method, url, started = fields.get("method"), fields.get("url"), fields.get("time")
    time = parse_any(started) if isinstance(started, str) else None
    if not isinstance(method, str) or not isinstance(url, str) or not url or time is None:
        return None
    page = fields.get("page")
    # one browser made every request of the file: its pages tell its tabs and navigations apart
    client = f"page {titles.get(page, page)}" if isinstance(page, str) else name
    status = fields.get("status")
    code = int(status) if isinstance(status, (int, float)) and not isinstance(status, bool) and status > 0 else None
    return Request(method.upper(), url, client, time, code, number)


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
