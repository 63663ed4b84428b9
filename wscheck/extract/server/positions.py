"""Positions: where the nodes the extractor reports start, from one light code-generation
pass that records only those nodes.

libcst's PositionProvider records a range for every node of the module, splitting every
token with a regex on the way; on real modules that costs about twice the parse. The
extractor reports the start of a few kinds of node only, so this pass follows the same
code generation (libcst's codegen hooks, the ones PositionProvider itself uses, reached
through libcst_compat) and keeps the start of those: the same line and column
PositionProvider gives, syntactic (leading whitespace and comments excluded). Where
libcst_compat finds the hooks changed, every position comes from PositionProvider.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from wscheck.extract.server import libcst_compat

# What the extractor asks the position of (besides the names of functions and classes).
REPORTED = frozenset({
    cst.Call, cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Decorator, cst.ExceptHandler, cst.Return,
    cst.List, cst.Tuple, cst.Set,  # route tables (Tornado) and route lists (Starlette)
})
_DEFINITIONS = frozenset({cst.FunctionDef, cst.ClassDef})


class Starts:
    """(line, column) where a node starts, one-based line and zero-based column."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._starts = libcst_compat.node_starts(module, REPORTED, _DEFINITIONS) if libcst_compat.PRIVATE else {}
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
