"""Walk: call a libcst visitor's `visit_<Node>` and `leave_<Node>` methods on a tree, in
the order libcst's own `visit` would, without building a copy of the tree.

libcst's `visit` rebuilds every node it passes, even for a visitor that changes nothing;
on real modules that costs more than the parse. A node's children are the fields its
`_visit_and_replace_children` visits, in the order it visits them: the order the field
names first appear among that method's constants, which is the order of its code. A
visitor method returning False skips the node's children, as in libcst; attribute
visitors (`visit_Call_func`) are not supported, and none of ours has one.
"""

from __future__ import annotations

import dataclasses
from types import CodeType

import libcst as cst

_FIELDS: dict[type, tuple[str, ...]] = {}
_METHODS: dict[tuple[type, type], tuple[object, object]] = {}


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    kind = type(node)
    methods = _METHODS.get((type(visitor), kind))
    if methods is None:
        methods = _methods(type(visitor), kind)
    visit, leave = methods
    if visit is None or visit(visitor, node) is not False:
        fields = _FIELDS.get(kind)
        if fields is None:
            fields = _children_fields(kind)
        for name in fields:
            child = getattr(node, name)
            if isinstance(child, cst.CSTNode):
                walk(child, visitor)
            elif isinstance(child, (tuple, list)):
                for item in child:
                    if isinstance(item, cst.CSTNode):
                        walk(item, visitor)
    if leave is not None:
        leave(visitor, node)


def _methods(visitor_class: type, kind: type) -> tuple[object, object]:
    found = (getattr(visitor_class, f"visit_{kind.__name__}", None), getattr(visitor_class, f"leave_{kind.__name__}", None))
    _METHODS[(visitor_class, kind)] = found
    return found


def _children_fields(kind: type) -> tuple[str, ...]:
    names = {field.name for field in dataclasses.fields(kind)}
    order: list[str] = []
    for constant in _constants(kind._visit_and_replace_children.__code__):
        if isinstance(constant, str) and constant in names and constant not in order:
            order.append(constant)
    _FIELDS[kind] = tuple(order)
    return _FIELDS[kind]


def _constants(code: CodeType):
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _constants(constant)
        else:
            yield constant
