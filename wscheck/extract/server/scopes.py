"""Scopes: a module's imports and top-level names, and a function's local assignments."""

from __future__ import annotations

import libcst as cst

from wscheck.extract.server.values import dotted
from wscheck.extract.server.walk import walk
from wscheck.facts import Ref


def _module_name(node: cst.BaseExpression | None) -> str:
    parts = dotted(node) if node is not None else None
    return ".".join(parts) if parts else ""


def resolve_relative(module: str, is_package: bool, level: int, name: str) -> str:
    """`from ..x import y` inside `module` -> the absolute dotted module `x` names."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        package = package[: len(package) - (level - 1)]
    return ".".join(part for part in (*package, name) if part)


def read_imports(tree: cst.Module, module: str, is_package: bool) -> dict[str, Ref]:
    """Local alias -> Ref(module, name); `import a.b as c` gives Ref("a.b", "")."""
    imports: dict[str, Ref] = {}
    for node in _top_level_statements(tree):
        _add_import(imports, node, module, is_package)
    return imports


def _add_import(imports: dict[str, Ref], node: cst.CSTNode, module: str, is_package: bool) -> None:
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = _module_name(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                imports[alias.asname.name.value] = Ref(full, "")
            else:
                head = full.split(".")[0]
                imports[head] = Ref(head, "")
    elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        level = len(node.relative)
        source = _module_name(node.module)
        if level:
            source = resolve_relative(module, is_package, level, source)
        for alias in node.names:
            name = _module_name(alias.name)
            local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
            imports[local] = Ref(source, name)


def module_names(tree: cst.Module) -> set[str]:
    """Names bound at module level by assignments, functions and classes."""
    names: set[str] = set()
    for node in _top_level_statements(tree):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            names.add(node.name.value)
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    names.add(target.target.value)
        elif isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name):
            names.add(node.target.value)
    return names


def _top_level_statements(tree: cst.Module):
    """Top-level statements, looking inside `if`/`try` blocks (guarded imports)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, cst.SimpleStatementLine):
            yield from node.body
        elif isinstance(node, (cst.If, cst.Try)):
            pending.extend(_blocks(node))
        else:
            yield node


def _blocks(node: cst.If | cst.Try) -> list[cst.BaseStatement]:
    out: list[cst.BaseStatement] = list(node.body.body)
    if isinstance(node, cst.If) and node.orelse is not None:
        orelse = node.orelse
        out.extend(orelse.body.body if isinstance(orelse, cst.Else) else [orelse])
    if isinstance(node, cst.Try):
        for handler in node.handlers:
            out.extend(handler.body.body)
    return out


class _LocalsCollector(cst.CSTVisitor):
    def __init__(self, module: str = "", is_package: bool = False):
        super().__init__()
        self.module, self.is_package = module, is_package
        self.locals: dict[str, list[cst.BaseExpression]] = {}
        self.local_types: dict[str, list[cst.BaseExpression]] = {}
        self.nested: set[str] = set()
        self.imports: dict[str, Ref] = {}  # `from .tasks import push` inside the function (Django's `ready()`)

    def visit_Import(self, node: cst.Import) -> None:
        _add_import(self.imports, node, self.module, self.is_package)

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.nested.add(node.name.value)
        return False  # a nested function's locals are its own

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        # `for kind in ("a_update", "b_update"):` binds each element
        if isinstance(node.target, cst.Name) and isinstance(node.iter, (cst.List, cst.Tuple, cst.Set)):
            for element in node.iter.elements:
                self.locals.setdefault(node.target.value, []).append(element.value)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.locals.setdefault(target.value, []).append(value)
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
                key = index.value.evaluated_value
                self.local_types.setdefault(f"{target.value.value}\0{key}", []).append(value)


def collect_locals(body: cst.BaseSuite, module: str = "", is_package: bool = False) -> tuple[dict, dict, frozenset[str], dict[str, Ref]]:
    """(name -> assigned expressions, "name\0key" -> expressions assigned to name[key],
    names of the functions defined inside, names imported inside)."""
    collector = _LocalsCollector(module, is_package)
    walk(body, collector)
    return collector.locals, collector.local_types, frozenset(collector.nested), collector.imports


class _Returns(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[cst.BaseExpression] = []

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.values.append(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # a nested function's returns are its own

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def returns(body: cst.BaseSuite) -> list[cst.BaseExpression]:
    """The values a function's own `return` statements give."""
    collector = _Returns()
    walk(body, collector)
    return collector.values
