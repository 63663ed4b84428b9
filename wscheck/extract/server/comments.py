"""Comments: find a module's `wscheck:` directives with the stdlib tokenizer."""

from __future__ import annotations

import io
import tokenize

from wscheck.extract.directives import parse_directive
from wscheck.facts import Suppression


def python_directives(text: str) -> tuple[tuple[Suppression, ...], dict[int, tuple[str, ...]]]:
    """Suppressions, and broadcast annotations by the line they apply to. Cheap when the
    text has no directive at all."""
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
            own_line = not token.line[: token.start[1]].strip()
            if kind == "ignore":
                suppressions.append(Suppression(line, items, own_line))
            else:
                annotations[line + 1 if own_line else line] = items
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # the parser reports the file; directives before the error still count
    return tuple(suppressions), annotations
