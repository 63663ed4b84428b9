"""Directives: `wscheck: ignore[...]` and `wscheck: broadcasts=a,b` in a comment's text.

Both languages' extractors find the comments with their own parser and read them here.
A comment alone on its line applies to that line and the next; a trailing comment only
to its own line.
"""

from __future__ import annotations

from wscheck.facts import Suppression


def parse_directive(comment: str) -> tuple[str, tuple[str, ...]] | None:
    """("ignore", codes) or ("broadcasts", types) from a comment's text, else None."""
    body = comment.lstrip("#/*! \t").strip()
    if not body.startswith("wscheck:"):
        return None
    body = body[len("wscheck:") :].strip()
    if body.startswith("ignore"):
        rest = body[len("ignore") :].strip()
        if rest[:1].isalnum() or rest[:1] in ("-", "_", "="):
            return None  # another directive, e.g. a future `ignore-file`
        if rest.startswith("[") and "]" in rest:
            return ("ignore", tuple(c.strip().upper() for c in rest[1 : rest.index("]")].split(",") if c.strip()))
        return ("ignore", ())
    if body.startswith("broadcasts="):
        return ("broadcasts", tuple(t.strip() for t in body[len("broadcasts=") :].split(",") if t.strip()))
    return None


def suppression(comment: str, line: int, own_line: bool) -> Suppression | None:
    directive = parse_directive(comment)
    if directive is None or directive[0] != "ignore":
        return None
    return Suppression(line, directive[1], own_line)
