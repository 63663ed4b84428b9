"""Reporters: one module per output format, each `render(report, out)`; chosen from a dict."""

from __future__ import annotations

from typing import Callable, TextIO

from wscheck.report import Report
from wscheck.reporters import github, gitlab, json_format, junit, sarif, text

RENDERERS: dict[str, Callable[[Report, TextIO], None]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}

__all__ = ["RENDERERS"]
