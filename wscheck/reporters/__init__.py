"""Reporters: one module per output format, each `render(report, out, options)`; chosen from a dict."""

from __future__ import annotations

from typing import Callable, TextIO

from wscheck.report import Report
from wscheck.reporters import github, gitlab, json_format, junit, sarif, statistics, text
from wscheck.reporters.common import RenderOptions

RENDERERS: dict[str, Callable[[Report, TextIO, RenderOptions], None]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "statistics": statistics.render,
}

NOT_FORMATS = frozenset({"statistics"})  # chosen by their own flag (`--statistics`), not by `--format`
FOR_PEOPLE = frozenset({"text", "statistics"})  # end with the notes; when none is on stdout, stderr gets them

__all__ = ["FOR_PEOPLE", "NOT_FORMATS", "RENDERERS"]
