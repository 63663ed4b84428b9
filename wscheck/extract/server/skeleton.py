"""Skeleton: cut a Python module down to the parts worth giving libcst.

libcst (with positions) is ~40x slower than the stdlib `ast`. So `ast` finds the
top-level layout first and we keep only imports, module-level statements, class headers
with their class-level assignments, and the functions whose text mentions something
relevant (a WebSocket, a send, a broadcast, a known helper). The kept lines keep their
indentation and columns; `line_map` takes a skeleton line back to the original line.
If `ast` cannot read the file (newer syntax than this interpreter), libcst gets it whole
(see guards.first_pass).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from wscheck.extract.server.fastapi import takes_websocket
from wscheck.extract.server.patterns import WHOLE_CLASS_WORDS


# Line breaks of `str.splitlines` that are no line break to Python: a form feed between
# functions (an editor's page break), `\x85` or `\u2028` in a string or a comment.
_NOT_PYTHON_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def source_lines(text: str) -> list[str]:
    """The lines as Python numbers them (`ast`, libcst, tracebacks), ends kept: broken at
    `\n`, `\r\n` and `\r` only."""
    if not any(odd in text for odd in _NOT_PYTHON_BREAKS):
        return text.splitlines(keepends=True)
    lines: list[str] = []
    pending: list[str] = []
    for piece in text.splitlines(keepends=True):
        pending.append(piece)
        if piece.endswith(("\n", "\r")):
            lines.append("".join(pending))
            pending = []
    if pending:
        lines.append("".join(pending))
    return lines


@dataclass(frozen=True)
class Skeleton:
    text: str
    line_map: tuple[int, ...]  # skeleton line i (0-based) -> original line (1-based)


def build_skeleton(
    text: str, tree: ast.Module, keep_words: tuple[str, ...], starter_words: tuple[str, ...] = (), whole_classes: tuple[str, ...] = (),
) -> Skeleton:
    """The pruned module, from its `ast` tree. A function mentioning one of `starter_words`
    (`create_task(`) is kept only when it also calls a function kept for its own words: what
    it starts may then be a broadcast loop; a large app starts logging tasks everywhere. A
    class whose header names one of `whole_classes` (a project's socket base class) is kept
    whole, as are those of WHOLE_CLASS_WORDS."""
    lines = source_lines(text)
    kept: list[int] = []  # original 0-based line indexes, in order
    extra: dict[int, str] = {}  # synthetic line text placed after an original line

    def relevant(node, start: int, end: int) -> bool:
        return _mentions(lines, start, end, keep_words) or takes_websocket(node)

    if starter_words:
        functions = _functions(tree.body)
        started = tuple(f"{n.name}(" for n in functions if relevant(n, *_span(n)))

        def worth(node, start: int, end: int) -> bool:
            return relevant(node, start, end) or (_mentions(lines, start, end, starter_words) and _mentions(lines, start, end, started))
    else:
        worth = relevant
    _keep_body(tree.body, lines, worth, kept, extra, WHOLE_CLASS_WORDS + whole_classes, top_level=True)
    out: list[str] = []
    line_map: list[int] = []
    for position, index in enumerate(kept):
        line = lines[index]
        if line.rstrip("\r\n").endswith("\\") and (position + 1 == len(kept) or kept[position + 1] != index + 1):
            # a kept statement's last line continued onto lines left out (blank, or comments):
            # left as it is, it would join the next kept line (or end the text mid-line)
            line = line.rstrip("\r\n")[:-1]
        out.append(line if line.endswith(("\n", "\r")) else line + "\n")
        line_map.append(index + 1)
        if index in extra:
            out.append(extra[index])
            line_map.append(index + 1)
    return Skeleton("".join(out), tuple(line_map))


def _functions(body: list[ast.stmt]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function defined in these statements, nested ones too: statements are walked,
    expressions (where no `def` can be) are not."""
    found = []
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(node)
        for field in node._fields:  # body, orelse, finalbody, handlers, cases
            value = getattr(node, field, None)
            if isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, (ast.stmt, ast.excepthandler, ast.match_case)))
    return found


def _span(node: ast.stmt) -> tuple[int, int]:
    start = node.lineno
    for decorator in getattr(node, "decorator_list", ()):
        start = min(start, decorator.lineno)
    return start - 1, (node.end_lineno or node.lineno) - 1


def _mentions(lines: list[str], start: int, end: int, words: tuple[str, ...]) -> bool:
    chunk = "".join(lines[start : end + 1])
    return any(word in chunk for word in words)


def _keep_body(body, lines, worth, kept, extra, whole, top_level) -> bool:
    kept_any = False
    for node in body:
        start, end = _span(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if worth(node, start, end):
                kept.extend(range(start, end + 1))
                kept_any = True
        elif isinstance(node, ast.ClassDef):
            kept_any |= _keep_class(node, start, end, lines, worth, kept, extra, whole)
        elif top_level or isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Pass)):
            kept.extend(range(start, end + 1))
            kept_any = True
    return kept_any


def _keep_class(node: ast.ClassDef, start, end, lines, worth, kept, extra, whole) -> bool:
    first_body_line = _span(node.body[0])[0]  # a decorator of the first member is not header
    header_text = "".join(lines[start:first_body_line])
    if first_body_line <= node.lineno - 1 + _header_extra(node) or any(w in header_text for w in whole):
        kept.extend(range(start, end + 1))  # `class A: x = 1` on one line: keep it whole
        return True
    header = list(range(start, first_body_line))
    kept.extend(header)
    if not _keep_body(node.body, lines, worth, kept, extra, whole, top_level=False):
        indent = _indent_of(lines[first_body_line])
        extra[header[-1]] = f"{indent}pass\n"
    return True


def _header_extra(node: ast.ClassDef) -> int:
    """How many lines the `class ...:` header itself spans beyond its first line."""
    last = node.lineno
    for expr in (*node.bases, *(k.value for k in node.keywords)):
        last = max(last, expr.end_lineno or last)
    return last - node.lineno


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())] or "    "
