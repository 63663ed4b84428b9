"""Comments: `# wscheck: ignore[...]` and `# wscheck: broadcasts=a,b`, read with `tokenize`."""

from __future__ import annotations

import io
import tokenize

from wscheck.facts import Suppression


def parse_directive(comment: str) -> tuple[str, tuple[str, ...]] | None:
    """("ignore", codes) or ("broadcasts", types) from a comment's text, else None."""
    body = comment.lstrip("#/* ").strip()
    if not body.startswith("wscheck:"):
        return None
    body = body[len("wscheck:") :].strip()
    if body.startswith("ignore"):
        rest = body[len("ignore") :].strip()
        if rest.startswith("[") and "]" in rest:
            codes = tuple(c.strip().upper() for c in rest[1 : rest.index("]")].split(",") if c.strip())
            return ("ignore", codes)
        return ("ignore", ())
    if body.startswith("broadcasts="):
        types = tuple(t.strip() for t in body[len("broadcasts=") :].split(",") if t.strip())
        return ("broadcasts", types)
    return None


def python_directives(text: str) -> tuple[tuple[Suppression, ...], dict[int, tuple[str, ...]]]:
    """Suppressions and broadcast annotations by line. Cheap when no directive exists."""
    if "wscheck:" not in text:
        return (), {}
    suppressions: list[Suppression] = []
    annotations: dict[int, tuple[str, ...]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            directive = parse_directive(token.string)
            if directive is None:
                continue
            kind, items = directive
            line = token.start[0]
            if kind == "ignore":
                suppressions.append(Suppression(line, items))
            else:
                annotations[line] = items
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # the parser reports the file; directives before the error still count
    return tuple(suppressions), annotations
