"""Positions: where the nodes the extractor reports start, from one light code-generation
pass that records only those nodes.

libcst's PositionProvider records a range for every node of the module, splitting every
token with a regex on the way; on real modules that costs about twice the parse. The
extractor reports the start of a few kinds of node only, so this pass follows the same
code generation (libcst's codegen hooks, the ones PositionProvider itself uses) and keeps
the start of those: the same line and column PositionProvider gives, syntactic (leading
whitespace and comments excluded).
"""

from __future__ import annotations

import re

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import MetadataWrapper, PositionProvider

# What the extractor asks the position of (besides the names of functions and classes).
REPORTED = frozenset({
    cst.Call, cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Decorator, cst.ExceptHandler, cst.Return,
    cst.List, cst.Tuple, cst.Set,  # route tables (Tornado) and route lists (Starlette)
})
_DEFINITIONS = frozenset({cst.FunctionDef, cst.ClassDef})
_NEWLINE = re.compile(r"\r\n?|\n")


class _NoContext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> bool:
        return False


_NO_CONTEXT = _NoContext()


class _StartsState(CodegenState):
    """Code generation that counts lines and columns and notes where reported nodes start."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line, self.column = 1, 0  # one-based line, zero-based column, as PositionProvider
        # by id: a node's own __hash__ is a Python call; the module, alive meanwhile, keeps ids unique
        self.starts: dict[int, tuple[int, int]] = {}
        self.names: set[int] = set()  # the name nodes of functions and classes
        self.open: list[tuple[int, int]] = []  # where each reported node being generated began

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self.column += len(token)  # an indent holds no newline

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            pieces = _NEWLINE.split(value)
            self.line += len(pieces) - 1
            self.column = len(pieces[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        kind = type(node)
        if kind in _DEFINITIONS:
            self.names.add(id(node.name))
        if kind in REPORTED or id(node) in self.names:
            self.open.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in REPORTED or id(node) in self.names:
            start = self.open.pop()
            self.starts.setdefault(id(node), start)  # a syntactic start, noted already, wins

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node=None, end_node=None) -> _NoContext:
        if type(node) in REPORTED or id(node) in self.names:
            self.starts[id(node)] = (self.line, self.column)  # the context is entered at once
        return _NO_CONTEXT


class Starts:
    """(line, column) where a node starts, one-based line and zero-based column."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        state = _StartsState(module)
        module._codegen(state)
        self._starts = state.starts
        self._everything: dict | None = None

    def of(self, node: cst.CSTNode) -> tuple[int, int]:
        found = self._starts.get(id(node))
        if found is not None:
            return found
        # a kind this pass does not note: every node's position, once, the slow way
        if self._everything is None:
            self._everything = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        start = self._everything[node].start
        return start.line, start.column
