"""Sources: the requests of one input (a file, `.gz` or not, or `-` for standard input),
its kind sniffed from its first bytes (HAR or lines), read as a stream in constant memory."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from typing import BinaryIO, Iterator

from wscheck.traffic import har, lines
from wscheck.traffic.records import InputSummary, LogFormat, Request

STDIN = "-"
HEAD = 64 * 1024  # bytes sniffed
MAX_LINE = 64 * 1024  # a longer line is malformed, and read past in pieces
GZIP_MAGIC = bytes((0x1F, 0x8B))  # every gzip stream starts so, whatever its name


class _Replay(io.RawIOBase):
    """A stream whose first bytes were read to sniff it, with those bytes put back."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def display_name(name: str) -> str:
    return "standard input" if name == STDIN else name


def read(name: str, summary: InputSummary) -> Iterator[Request]:
    """Every request of the input; the summary counts the rest. A failure to open or read
    becomes `summary.error` (the requests read before it are kept)."""
    try:
        raw = sys.stdin.buffer if name == STDIN else open(name, "rb")
    except OSError as error:
        summary.error = f"cannot read: {error.strerror or error}"
        return
    try:
        yield from _read_stream(raw, summary)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as error:  # a corrupt or cut-off .gz
        summary.error = f"cannot read to the end: {getattr(error, 'strerror', None) or error}"
    except har.NotHar as error:
        summary.error = str(error)
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()
        summary.settle()


def _read_stream(raw: BinaryIO, summary: InputSummary) -> Iterator[Request]:
    head = raw.read(HEAD)
    stream: BinaryIO = io.BufferedReader(_Replay(head, raw))
    if head.startswith(GZIP_MAGIC):
        stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        head = stream.peek(HEAD)[:HEAD]  # type: ignore[attr-defined]
    if _is_har(head):
        summary.formats[LogFormat.HAR] = 0
        for request in har.read(stream, summary):
            summary.count(request, LogFormat.HAR)
            yield request
        return
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline=None)
    yield from read_lines(_numbered(text), summary)


def _is_har(head: bytes) -> bool:
    """A JSON document (read as a HAR file, which says so if it is none), not JSON lines:
    its first line alone is no whole object (pretty-printed), or one whose key is `log`
    (a HAR file on one line)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return False
    first = text.split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except ValueError:
        return True
    return isinstance(record, dict) and isinstance(record.get("log"), dict)


def _numbered(text: io.TextIOBase) -> Iterator[tuple[int, str | None]]:
    """(line number, line); None for a line over MAX_LINE, which is skipped in pieces."""
    number = 0
    while True:
        line = text.readline(MAX_LINE)
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = text.readline(MAX_LINE)
            yield number, None
            continue
        yield number, line


def read_lines(numbered, summary: InputSummary, arrivals: bool = False) -> Iterator[Request]:
    """Requests from (number, line) pairs, or (number, line, arrival time) with `arrivals`."""
    for item in numbered:
        number, line = item[0], item[1]
        if line is None:
            summary.bad(number)
            continue
        found = lines.parse(line, number, item[2] if arrivals else None)
        if found is lines.Skip.OTHER:
            summary.other += 1
        elif found is lines.Skip.MALFORMED:
            summary.bad(number)
        elif found is lines.Skip.UNMATCHED:
            summary.unknown(number)
        else:
            request, fmt = found
            summary.count(request, fmt)
            yield request
