"""Errors: recognise an `except` block that swallows the error without a trace (WS107)."""

from __future__ import annotations

import re

import libcst as cst

from wscheck.extract.server.values import called_name, dotted
from wscheck.extract.server.walk import walk

# Only broad catches: `except ValueError: pass` around list.remove() is an idiom, not a bug.
BROAD = frozenset({"Exception", "BaseException"})
# `# noqa: BLE001` (ruff/flake8 blind except), S110/S112 (try-except-pass/continue), E722 (bare
# except), a blanket `# noqa`, or pylint's broad-except on the `except` line: the author has
# already said the broad catch is meant (a best-effort send to a client that may be gone)
_ACKNOWLEDGED = re.compile(r"#\s*noqa(?!\s*:)|#\s*noqa\s*:[^#]*\b(BLE\d*|S11[02]|E722)\b|pylint:\s*disable=[^#]*broad-(except|exception-caught)", re.I)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "log", "print", "exception"})


def _caught(node: cst.ExceptHandler) -> list[str]:
    if node.type is None:
        return []
    items = node.type.elements if isinstance(node.type, cst.Tuple) else [node.type]
    names = []
    for item in items:
        expr = item.value if isinstance(item, cst.Element) else item
        parts = dotted(expr)
        names.append(parts[-1] if parts else "?")
    return names


class _NameFinder(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name, self.found = name, False

    def visit_Name(self, node: cst.Name) -> None:
        self.found |= node.value == self.name


def _mentions(node: cst.CSTNode, name: str | None) -> bool:
    if name is None:
        return False
    finder = _NameFinder(name)
    walk(node, finder)
    return finder.found


def silent_except(node: cst.ExceptHandler) -> tuple[str, str] | None:
    """(what is caught, how it is swallowed), or None when the handler reports or acts."""
    caught = _caught(node)
    if caught and not any(name in BROAD for name in caught):
        return None
    if _acknowledged(node):
        return None
    bound = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else None
    what = ", ".join(caught) if caught else "bare except"
    finder = _HandlerScan(bound)
    walk(node.body, finder)
    if finder.raises or finder.reports:
        return None  # re-raised, or logged with the exception
    if finder.logs:
        return what, "logs without the exception or exc_info"
    statements = list(node.body.body) if isinstance(node.body, cst.SimpleStatementSuite) else [
        s for line in node.body.body if isinstance(line, cst.SimpleStatementLine) for s in line.body
    ]
    if len(statements) != _statement_count(node.body):
        return None  # compound statements: it does something about the error
    quiet = (cst.Pass, cst.Continue, cst.Break)
    if all(isinstance(s, quiet) or (isinstance(s, cst.Return) and s.value is None) or _is_ellipsis(s) for s in statements):
        kinds = sorted({type(s).__name__.lower() for s in statements if not _is_ellipsis(s)} or {"pass"})
        return what, " and ".join(kinds)
    return None  # cleans up or records something: not in WS107's scope


def _acknowledged(node: cst.ExceptHandler) -> bool:
    body = node.body
    comment = body.header.comment if isinstance(body, cst.IndentedBlock) else body.trailing_whitespace.comment
    return comment is not None and _ACKNOWLEDGED.search(comment.value) is not None


def _is_ellipsis(statement: cst.BaseSmallStatement) -> bool:
    return isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Ellipsis)


def _statement_count(body: cst.BaseSuite) -> int:
    if isinstance(body, cst.SimpleStatementSuite):
        return len(body.body)
    return sum(len(line.body) if isinstance(line, cst.SimpleStatementLine) else 1 for line in body.body)


class _HandlerScan(cst.CSTVisitor):
    """Inside an except block: does it re-raise, and do its log calls carry the error?"""

    def __init__(self, bound: str | None) -> None:
        self.bound = bound
        self.raises = False
        self.reports = False  # a log call with the exception, exc_info, or logger.exception
        self.logs = False  # a log call without them

    def visit_Raise(self, node: cst.Raise) -> None:
        self.raises = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> None:
        name = called_name(node)
        if name not in LOG_METHODS:
            return
        with_error = name == "exception" or any(a.keyword is not None and a.keyword.value == "exc_info" for a in node.args)
        if with_error or _mentions(node, self.bound):
            self.reports = True
        else:
            self.logs = True
