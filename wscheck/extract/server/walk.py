"""Walk: call a libcst visitor's `visit_<Node>` and `leave_<Node>` methods on a tree, in
the order libcst's own `visit` would, without building a copy of the tree.

libcst's `visit` rebuilds every node it passes, even for a visitor that changes nothing;
on real modules that costs more than the parse. A node's children are the fields
libcst_compat.children_fields names, in the order libcst visits them. A visitor method
returning False skips the node's children, as in libcst; attribute visitors
(`visit_Call_func`) are not supported, and none of ours has one. Where libcst_compat finds
the private shape changed, libcst's own `visit` walks the tree instead.
"""

from __future__ import annotations

import libcst as cst

from wscheck.extract.server import libcst_compat

_FIELDS: dict[type, tuple[str, ...]] = {}
_METHODS: dict[tuple[type, type], tuple[object, object]] = {}


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    if libcst_compat.PRIVATE:
        _walk(node, visitor)
    else:
        node.visit(visitor)


def _walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    kind = type(node)
    methods = _METHODS.get((type(visitor), kind))
    if methods is None:
        methods = _methods(type(visitor), kind)
    visit, leave = methods
    if visit is None or visit(visitor, node) is not False:
        fields = _FIELDS.get(kind)
        if fields is None:
            fields = _FIELDS[kind] = libcst_compat.children_fields(kind)
        for name in fields:
            child = getattr(node, name)
            if isinstance(child, cst.CSTNode):
                _walk(child, visitor)
            elif isinstance(child, (tuple, list)):
                for item in child:
                    if isinstance(item, cst.CSTNode):
                        _walk(item, visitor)
    if leave is not None:
        leave(visitor, node)


def _methods(visitor_class: type, kind: type) -> tuple[object, object]:
    found = (getattr(visitor_class, f"visit_{kind.__name__}", None), getattr(visitor_class, f"leave_{kind.__name__}", None))
    _METHODS[(visitor_class, kind)] = found
    return found
