"""Contract: `wscheck map` — the app's WebSocket contract, built from a Report and rendered
as a tree, JSON, a Markdown architecture page, or an AsyncAPI 3.0 document."""

from __future__ import annotations

from wscheck.contract.build import build_contract
from wscheck.report import Report


def render_contract(report: Report, output_format: str) -> str:
    from wscheck.contract import asyncapi, json_format, markdown, text

    renderers = {"text": text.render, "json": json_format.render, "markdown": markdown.render, "asyncapi": asyncapi.render}
    return renderers[output_format](build_contract(report))


__all__ = ["build_contract", "render_contract"]
