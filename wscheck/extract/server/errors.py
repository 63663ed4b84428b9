"""Errors: recognise an `except` block that swallows the error without a trace (WS107)."""

from __future__ import annotations

import libcst as cst

from wscheck.extract.server.values import called_name, dotted

# Only broad catches: `except ValueError: pass` around list.remove() is an idiom, not a bug.
BROAD = frozenset({"Exception", "BaseException"})
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
    node.visit(finder)
    return finder.found


def silent_except(node: cst.ExceptHandler) -> tuple[str, str] | None:
    """(what is caught, how it is swallowed), or None when the handler reports or acts."""
    caught = _caught(node)
    if caught and not any(name in BROAD for name in caught):
        return None
    bound = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else None
    what = ", ".join(caught) if caught else "bare except"
    if isinstance(node.body, cst.SimpleStatementSuite):  # `except Exception: pass`
        statements = list(node.body.body)
    elif all(isinstance(line, cst.SimpleStatementLine) for line in node.body.body):
        statements = [s for line in node.body.body for s in line.body]
    else:
        return None  # a compound statement (if, with, for): it does something
    logs = []
    for statement in statements:
        if isinstance(statement, (cst.Pass, cst.Continue, cst.Break)):
            continue
        if isinstance(statement, cst.Return) and statement.value is None:
            continue
        if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Ellipsis):
            continue
        if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call) and called_name(statement.value) in LOG_METHODS:
            logs.append(statement.value)
            continue
        return None  # re-raises, cleans up, records: not silent
    if not logs:
        kinds = {type(s).__name__.lower() for s in statements} or {"pass"}
        return what, " and ".join(sorted(k if k != "expr" else "pass" for k in kinds))
    for call in logs:
        if called_name(call) == "exception":
            return None  # logger.exception includes the traceback
        if any(arg.keyword is not None and arg.keyword.value == "exc_info" for arg in call.args):
            return None
        if _mentions(call, bound):
            return None
    return what, "logs without the exception or exc_info"
