"""libcst compat: the only module that touches libcst's private API, checked once at import.

Two private shapes make the server extractor fast: the children a node's
`_visit_and_replace_children` visits, read from its bytecode constants (walk.py visits a tree
without libcst rebuilding every node), and libcst's code-generation hooks (`CodegenState`,
`Module._codegen`; positions.py notes where reported nodes start without a full
PositionProvider pass). Both are checked at import: the installed libcst within the range
known to work (pyproject.toml pins the same), and a small probe module giving what the public
API gives (`node.visit`, PositionProvider). When either fails, `PRIVATE` is False and the
callers use the public API: slower, same facts.
"""

from __future__ import annotations

import dataclasses
import re
from types import CodeType

import libcst as cst

try:
    from libcst._nodes.internal import CodegenState as _CodegenState
except ImportError:  # moved or renamed: the probe below fails and the public API is used
    _CodegenState = object

# The libcst versions this shape is known in: from the oldest tested (1.1.0) up to the next
# major release, the same range pyproject.toml pins; a minor release that changed the shape
# fails the probe instead.
SUPPORTED = ((1, 1), (2, 0))

_NEWLINE = re.compile(r"\r\n?|\n")
_FIELDS: dict[type, tuple[str, ...]] = {}


def children_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node class its children live in, in the order libcst visits them: the
    order the field names first appear among `_visit_and_replace_children`'s constants, which
    is the order of its code."""
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = _read_fields(kind)
    return found


def _read_fields(kind: type) -> tuple[str, ...]:
    names = {field.name for field in dataclasses.fields(kind)}
    order: list[str] = []
    for constant in _constants(kind._visit_and_replace_children.__code__):
        if isinstance(constant, str) and constant in names and constant not in order:
            order.append(constant)
    return tuple(order)


def _constants(code: CodeType):
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _constants(constant)
        else:
            yield constant


class _NoContext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> bool:
        return False


_NO_CONTEXT = _NoContext()


class _StartsState(_CodegenState):
    """Code generation that counts lines and columns and notes where the nodes of `reported`
    kinds, and the names of `definitions`, start (syntactic: leading whitespace and comments
    excluded, as PositionProvider)."""

    def __init__(self, module: cst.Module, reported: frozenset[type], definitions: frozenset[type]) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.reported, self.definitions = reported, definitions
        self.line, self.column = 1, 0  # one-based line, zero-based column, as PositionProvider
        # by id: a node's own __hash__ is a Python call; the module, alive meanwhile, keeps ids unique
        self.starts: dict[int, tuple[int, int]] = {}
        self.names: set[int] = set()  # the name nodes of definitions
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
        if kind in self.definitions:
            self.names.add(id(node.name))
        if kind in self.reported or id(node) in self.names:
            self.open.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in self.reported or id(node) in self.names:
            start = self.open.pop()
            self.starts.setdefault(id(node), start)  # a syntactic start, noted already, wins

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node=None, end_node=None) -> _NoContext:
        if type(node) in self.reported or id(node) in self.names:
            self.starts[id(node)] = (self.line, self.column)  # the context is entered at once
        return _NO_CONTEXT


def node_starts(module: cst.Module, reported: frozenset[type], definitions: frozenset[type]) -> dict[int, tuple[int, int]]:
    """(line, column) by node id of every node of a `reported` kind and every name of a
    `definitions` kind, from one code-generation pass that keeps nothing else."""
    state = _StartsState(module, reported, definitions)
    module._codegen(state)
    return state.starts


# --- the check at import ---------------------------------------------------------------------

_PROBE = '''\
@route("/ws")  # a comment
async def feed(ws, k=1):
    x: int = 1; y = (
        2)
    try:
        await ws.send({"type": [x, y]})
    except E:
        pass
class Box(Base):
    q = call(  # trailing
        1)
'''
_PROBE_REPORTED = frozenset({cst.Call, cst.Assign, cst.AnnAssign, cst.Decorator, cst.ExceptHandler, cst.List})
_PROBE_DEFINITIONS = frozenset({cst.FunctionDef, cst.ClassDef})


def _version() -> tuple[int, ...]:
    try:
        from libcst._version import version_tuple
    except ImportError:
        from importlib.metadata import version

        version_tuple = version("libcst").split(".")
    return tuple(int(part) for part in version_tuple[:2] if str(part).isdigit())


def _in_supported(version: tuple[int, ...]) -> bool:
    return len(version) == 2 and SUPPORTED[0] <= version < SUPPORTED[1]


class _Children(cst.CSTVisitor):
    """The children libcst's own visit enters, by parent node id, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[int] = []
        self.children: dict[int, list[int]] = {}
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.children.setdefault(self.stack[-1], []).append(id(node))
        self.stack.append(id(node))
        self.nodes.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


def _children_match(probe: cst.Module) -> bool:
    public = _Children()
    probe.visit(public)
    for node in public.nodes:
        ours: list[int] = []
        for name in children_fields(type(node)):
            child = getattr(node, name)
            items = child if isinstance(child, (tuple, list)) else (child,)
            ours.extend(id(item) for item in items if isinstance(item, cst.CSTNode))
        if ours != public.children.get(id(node), []):
            return False
    return True


def _starts_match(probe: cst.Module) -> bool:
    from libcst.metadata import MetadataWrapper, PositionProvider

    reference = MetadataWrapper(probe, unsafe_skip_copy=True).resolve(PositionProvider)
    starts = node_starts(probe, _PROBE_REPORTED, _PROBE_DEFINITIONS)
    expected = {}
    for node, where in reference.items():
        if type(node) in _PROBE_REPORTED:
            expected[id(node)] = (where.start.line, where.start.column)
        if type(node) in _PROBE_DEFINITIONS:
            name = reference[node.name].start
            expected[id(node.name)] = (name.line, name.column)
    return len(expected) > 5 and starts == expected


def private_api_works(version: tuple[int, ...] | None = None) -> bool:
    """Whether the private shapes are those this module reads: the version in range and the
    probe giving what the public API gives. Any surprise (a missing name, another signature)
    is a no."""
    if not _in_supported(_version() if version is None else version):
        return False
    try:
        probe = cst.parse_module(_PROBE)
        return _children_match(probe) and _starts_match(probe)
    except Exception:  # whatever a changed private API raises means: use the public one
        return False


PRIVATE = private_api_works()
