"""Timestamps: the time of a log line or record as seconds since the epoch, from the forms
access logs use (ISO 8601 and Python's asctime, the common log format's `[08/Dec/2025:10:00:03
+0000]`, epoch numbers). A time with no zone is read as UTC: only differences matter."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

# 2025-12-08 10:00:03,123 (asctime) · 2025-12-08T10:00:03.123456Z · [2025-12-08 10:00:03 +0000] (gunicorn)
ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2}(?![\d:]))?"
)
# 08/Dec/2025:10:00:03 +0000 (common and combined log format; nginx may add milliseconds)
CLF = re.compile(r"(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:\s([+-]\d{4}))?")
EPOCH_MS = 1e11  # an epoch number above this is in milliseconds (1e11 s is the year 5138)


@lru_cache(maxsize=4096)  # a log's lines share a handful of days
def _day(year: int, month: int, day: int) -> int:
    return calendar.timegm((year, month, day, 0, 0, 0))


def _seconds(year, month, day, hour, minute, second, fraction, zone) -> float | None:
    try:
        if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
            return None
        value = _day(year, month, day) + hour * 3600 + minute * 60 + second
    except (ValueError, OverflowError):
        return None
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        value -= sign * (int(digits[:2]) * 3600 + int(digits[2:4]) * 60)
    return float(value)


def parse_iso(text: str) -> float | None:
    match = ISO.search(text)
    if match is None:
        return None
    y, mo, d, h, mi, s, fraction, zone = match.groups()
    return _seconds(int(y), int(mo), int(d), int(h), int(mi), int(s), fraction, zone)


def parse_clf(text: str) -> float | None:
    match = CLF.search(text)
    if match is None:
        return None
    d, month, y, h, mi, s, fraction, zone = match.groups()
    number = MONTHS.get(month.lower())
    if number is None:
        return None
    return _seconds(int(y), number, int(d), int(h), int(mi), int(s), fraction, zone)


def parse_any(value: object) -> float | None:
    """A record's time field: an epoch number (seconds or milliseconds), or text in any of
    the forms above; None when it is none of them."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) / 1000 if value > EPOCH_MS else float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_any(float(text))
    return parse_iso(text) if ISO.search(text) else parse_clf(text)


def find_in_prefix(prefix: str) -> float | None:
    """The time written before a log line's request (`2025-12-08 10:00:03,123 INFO: …`,
    `[2025-12-08 10:00:03 +0000] [7] [INFO] …`); None when the prefix holds none (uvicorn's
    default console format)."""
    if not any(c.isdigit() for c in prefix):
        return None
    return parse_iso(prefix) if ISO.search(prefix) else parse_clf(prefix)
