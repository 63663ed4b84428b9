"""Walk: the visitor methods are called on the same nodes, in the same order, with the same
skipped subtrees, as libcst's own `visit` calls them, on every Python file of the fixtures
and examples."""

from __future__ import annotations

import libcst as cst

from conftest import parsable_python_modules
from wscheck.extract.server.walk import walk

NEWER = '''\
match command:
    case {"type": kind, **rest} if kind:
        pass
    case [first, *others]:
        pass
async def f[T](x: T) -> T:
    async with a as b, c:
        return [y async for y in x if (z := y)]
lambda *a, b=1, **k: (yield)
'''


class _Recorder(cst.CSTVisitor):
    """Every visit and leave, by node; a function's body is skipped (visit returns False)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:  # libcst's entry point
        return self.record_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.record_leave(original_node)

    def record_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", id(node)))
        return not isinstance(node, cst.Lambda)

    def record_leave(self, node: cst.CSTNode) -> None:
        self.events.append(("leave", id(node)))


def _with_methods_for_every_kind() -> type:
    """A visitor class with visit_<Kind>/leave_<Kind> for every node class, as walk() looks them up."""
    methods = {}
    for kind in _node_classes(cst.CSTNode):
        methods[f"visit_{kind.__name__}"] = lambda self, node: self.record_visit(node)
        methods[f"leave_{kind.__name__}"] = lambda self, node: self.record_leave(node)
    return type("EveryKind", (_Recorder,), methods)


def _node_classes(base: type) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub} | _node_classes(sub)
    return found


def _same_events(module: cst.Module) -> int:
    reference = _Recorder()
    module.visit(reference)
    ours = _with_methods_for_every_kind()()
    walk(module, ours)
    assert ours.events == reference.events
    return len(ours.events)


def test_newer_syntax_is_walked_as_libcst_visits_it():
    assert _same_events(cst.parse_module(NEWER)) > 100


def test_every_fixture_and_example_is_walked_as_libcst_visits_it():
    modules = [module for _, module in parsable_python_modules()]
    assert len(modules) > 20 and sum(_same_events(module) for module in modules) > 10_000


def test_a_visit_returning_false_skips_the_children_and_still_leaves():
    module = cst.parse_module("f(g(1))\n")

    class Calls(cst.CSTVisitor):
        def __init__(self):
            super().__init__()
            self.seen = []

        def visit_Call(self, node):
            self.seen.append(("visit", node.func.value))
            return False

        def leave_Call(self, node):
            self.seen.append(("leave", node.func.value))

    visitor = Calls()
    walk(module, visitor)
    assert visitor.seen == [("visit", "f"), ("leave", "f")]
