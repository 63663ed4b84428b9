"""Units: how intervals, request rates and counts read in messages and reports."""

from __future__ import annotations


def seconds(interval_ms: float) -> str:
    """3000 -> "3 s", 1500 -> "1.5 s", 90000 -> "90 s"."""
    return f"{interval_ms / 1000:.3g} s" if interval_ms < 1000 else f"{interval_ms / 1000:g} s"


def per_minute(rate: float) -> str:
    """A rate of requests per minute, as precise as an estimate deserves: ~160, ~2.5, under 0.1."""
    if rate >= 10:
        return f"~{rate:.0f}"
    if rate >= 0.1:
        return "~" + f"{rate:.1f}".rstrip("0").rstrip(".")
    return "under 0.1" if rate > 0 else "0"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
