"""Traffic reporters: one module per format, each `render(report, out)` of a TrafficReport;
chosen from a dict, loaded when used (as `wscheck.reporters`)."""

from __future__ import annotations

import importlib
from typing import Callable

FORMATS = {"text": "text", "json": "json_format", "github": "github", "junit": "junit", "sarif": "sarif"}


def renderer(name: str) -> Callable:
    return importlib.import_module(f"wscheck.traffic.reporters.{FORMATS[name]}").render
