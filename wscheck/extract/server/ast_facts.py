"""Facts from the stdlib `ast` alone, for valid Python that libcst cannot read.

libcst's parser is stricter than CPython's in a few corners (a line holding only a
backslash inside a block, for one). Such a file still says what it imports and which
names it binds at module and class level, to constants or to what it imported: enough for
the model to resolve what other modules import from it and for the demand to follow its
imports. Its functions are not read: their sends and broadcasts need libcst's visitors, and
an endpoint without them would be a guess. WS001 says what was left out.
"""

from __future__ import annotations

import ast
import math

from wscheck.extract.server.scopes import resolve_relative
from wscheck.extract.server.skeleton import source_lines
from wscheck.extract.server.values import MAX_TEXT, Scope
from wscheck.facts import Bool, ClassDef, Location, Num, Opaque, ParseFailure, PythonFacts, Ref, Role, Str, Symbol, Value


def ast_facts(path: str, module: str, is_package: bool, text: str, tree: ast.Module, unread: ParseFailure) -> PythonFacts:
    lines = source_lines(text)
    imports: dict[str, Ref] = {}
    statements = list(_module_level(tree.body))
    for node in statements:
        _add_import(imports, node, module, is_package)
    scope = Scope(module, (), imports, _bound_names(statements))
    symbols: list[Symbol] = []
    classes: list[ClassDef] = []
    pending: list[tuple[str, ast.stmt]] = [("", node) for node in statements]
    while pending:
        owner, node = pending.pop(0)
        if isinstance(node, ast.ClassDef):
            name = f"{owner}.{node.name}" if owner else node.name
            classes.append(ClassDef(name, tuple(_value(b, scope) for b in node.bases), _location(path, lines, node)))
            pending.extend((name, inner) for inner in _module_level(node.body))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    name = f"{owner}.{target.id}" if owner else target.id
                    symbols.append(Symbol(name, _value(node.value, scope), _location(path, lines, node)))
    return PythonFacts(
        path=path, module=module, role=Role.SERVER, imports=tuple(imports.items()), symbols=tuple(symbols),
        classes=tuple(classes), functions=(), endpoints=(), routers=(), includes=(), whole=True, unread=unread,
    )


def _module_level(body: list[ast.stmt]):
    """The statements of a module or class body, looking inside `if`/`try`/`with` blocks
    (guarded imports, optional constants), not inside functions."""
    pending = list(body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            pending[:0] = [*node.body, *getattr(node, "orelse", ()), *(s for h in getattr(node, "handlers", ()) for s in h.body)]
        else:
            yield node


def _add_import(imports: dict[str, Ref], node: ast.stmt, module: str, is_package: bool) -> None:
    """As scopes.read_imports does with libcst's tree."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                imports[alias.asname] = Ref(alias.name, "")
            else:
                head = alias.name.split(".")[0]
                imports[head] = Ref(head, "")
    elif isinstance(node, ast.ImportFrom):
        source = resolve_relative(module, is_package, node.level, node.module or "") if node.level else node.module or ""
        for alias in node.names:
            if alias.name != "*":
                imports[alias.asname or alias.name] = Ref(source, alias.name)


def _bound_names(statements: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _value(node: ast.expr, scope: Scope) -> Value:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return Str(node.value)
        if isinstance(node.value, bool):
            return Bool(node.value)
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            try:
                number = float(node.value)
            except OverflowError:
                number = math.inf
            return Num(number) if math.isfinite(number) else Opaque(_short(node))
    if isinstance(node, ast.Name):
        return scope.name(node.id)
    parts = _dotted(node)
    if parts:
        return scope.chain(parts)
    return Opaque(_short(node))


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def _short(node: ast.expr) -> str:
    if (node.end_lineno or node.lineno) - node.lineno > 2:  # not worth writing out a big literal again
        return "…"
    try:
        text = ast.unparse(node).replace("\n", " ")
    except (RecursionError, ValueError):
        text = "…"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _location(path: str, lines: list[str], node: ast.stmt) -> Location:
    """`ast` counts columns in UTF-8 bytes; findings count characters, as libcst does."""
    line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    column = len(line.encode("utf-8", "surrogatepass")[: node.col_offset].decode("utf-8", "replace"))
    return Location(path, node.lineno, column + 1)
