"""Suppression comments: `// wscheck: ignore[WS201]` read from a tree-sitter comment's text."""

from __future__ import annotations

from wscheck.facts import Suppression


def suppression(comment: str, line: int) -> Suppression | None:
    """The suppression a comment states (`ignore` alone = every code), else None."""
    body = comment.lstrip("/*! \t").strip()
    if not body.startswith("wscheck:"):
        return None
    body = body[len("wscheck:") :].strip()
    if not body.startswith("ignore"):
        return None
    rest = body[len("ignore") :].strip()
    if rest[:1].isalnum() or rest[:1] in ("-", "_", "="):
        return None  # another directive, e.g. a future `ignore-file`
    if rest.startswith("[") and "]" in rest:
        codes = tuple(code.strip().upper() for code in rest[1 : rest.index("]")].split(",") if code.strip())
        return Suppression(line, codes)
    return Suppression(line, ())
