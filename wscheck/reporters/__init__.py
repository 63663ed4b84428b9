"""Reporters: one module per output format, each `render(report, out, options)`; chosen from a dict."""

from __future__ import annotations

import importlib
from typing import Callable


def _late(module: str) -> Callable:
    """A format's `render`, imported when first called: a JSON run loads no `rich`."""

    def render(*args, **kwargs):
        return importlib.import_module(f"wscheck.reporters.{module}").render(*args, **kwargs)

    render.__qualname__ = f"{module}.render"
    return render


RENDERERS: dict[str, Callable] = {
    "text": _late("text"),
    "json": _late("json_format"),
    "sarif": _late("sarif"),
    "github": _late("github"),
    "junit": _late("junit"),
    "gitlab": _late("gitlab"),
    "statistics": _late("statistics"),
}

NOT_FORMATS = frozenset({"statistics"})  # chosen by their own flag (`--statistics`), not by `--format`
FOR_PEOPLE = frozenset({"text", "statistics"})  # end with the notes; when none is on stdout, stderr gets them

__all__ = ["FOR_PEOPLE", "NOT_FORMATS", "RENDERERS"]
