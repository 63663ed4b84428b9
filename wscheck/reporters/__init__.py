"""Reporters: one module per output format, each `render(report, out)`; chosen from a dict."""

from __future__ import annotations

from typing import Callable, TextIO

from wscheck.report import Report
from wscheck.reporters import json_format, text

RENDERERS: dict[str, Callable[[Report, TextIO], None]] = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["RENDERERS"]
