"""Records: one request read from a log or HAR file, and what was read from each input."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class LogFormat(str, Enum):
    """The formats a line or a file is recognised as (`docs/traffic.md` lists their variants)."""

    UVICORN = "uvicorn"  # uvicorn's access line, also under gunicorn's UvicornWorker and in Docker logs
    COMBINED = "combined"  # nginx/Apache combined or common log format; gunicorn's and hypercorn's default
    JSON = "json-lines"  # one JSON object a line with method/path/time keys
    HAR = "har"  # HAR 1.2, saved from a browser's network tab

    @property
    def title(self) -> str:
        return {
            "uvicorn": "uvicorn access log", "combined": "common/combined access log",
            "json-lines": "JSON-lines log", "har": "HAR file",
        }[self.value]


@dataclass(slots=True)
class Request:
    method: str
    target: str  # the path with its query, or a full URL (HAR)
    client: str  # the remote address without its port, or the HAR page
    time: float | None  # seconds since the epoch; None: the log has no timestamp
    status: int | None
    line: int  # 1-based line of the log, or entry number in a HAR file


@dataclass
class InputSummary:
    """What one input gave: requests by format, lines that were no request, malformed ones."""

    name: str
    formats: dict[LogFormat, int] = field(default_factory=dict)
    requests: int = 0
    timed: int = 0
    other: int = 0  # lines that are no request (startup messages, application logs, WebSocket lines)
    malformed: int = 0  # lines of the input's format that could not be read
    first_malformed: int | None = None  # its line, to look at
    error: str | None = None  # the input could not be read (or not to its end)
    followed: bool = False  # timed on arrival (`--follow`)
    unmatched: int = 0  # lines that match no format: malformed in a strict log, else other lines
    first_unmatched: int | None = None
    creator: str | None = None  # a HAR file's creator (browser and version)

    @property
    def format(self) -> LogFormat | None:
        return max(self.formats, key=self.formats.__getitem__) if self.formats else None

    def count(self, request: Request, fmt: LogFormat) -> None:
        self.requests += 1
        self.formats[fmt] = self.formats.get(fmt, 0) + 1
        if request.time is not None:
            self.timed += 1

    def bad(self, line: int) -> None:
        self.malformed += 1
        if self.first_malformed is None:
            self.first_malformed = line

    def unknown(self, line: int) -> None:
        self.unmatched += 1
        if self.first_unmatched is None:
            self.first_unmatched = line

    def settle(self) -> None:
        """Lines that matched no format: malformed in a log whose every line is a request
        (an nginx access log, JSON lines), other lines in a console log (uvicorn)."""
        strict = self.format in (LogFormat.COMBINED, LogFormat.JSON)
        if strict:
            self.malformed += self.unmatched
            if self.unmatched and (self.first_malformed is None or self.first_unmatched < self.first_malformed):
                self.first_malformed = self.first_unmatched
        else:
            self.other += self.unmatched
        self.unmatched = 0
