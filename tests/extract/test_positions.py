"""Positions: the light pass gives every reported node the start libcst's PositionProvider
gives it (the slow way, kept as the reference), on every Python file of the fixtures and
examples."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from conftest import parsable_python_modules
from wscheck.extract.server.positions import REPORTED, Starts

TRICKY = '''\
@app.websocket("/ws")  # a comment
async def feed(ws):
    x: int = 1; y = (
        2)
    total += \\
        3
    try:
        await ws.send_json({"type": "a", "n": f"{x!r:>{y}}"})
    except Exception:  # swallowed
        pass
class Box(Base,
          metaclass=Meta):
    def __init__(self): self.q = call(  # trailing
        1)
'''


def _reported(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if type(node) in REPORTED:
                found.append(node)
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                found.append(node.name)
            return True

    module.visit(Collect())
    return found


def _check(module: cst.Module) -> int:
    reference = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    starts = Starts(module)
    nodes = _reported(module)
    for node in nodes:
        expected = reference[node].start
        assert starts.of(node) == (expected.line, expected.column), cst.Module([]).code_for_node(node)
    assert starts._everything is None  # no reported node needed the slow way
    return len(nodes)


def test_tricky_layouts_give_the_reference_starts():
    assert _check(cst.parse_module(TRICKY)) >= 10


def test_every_fixture_and_example_gives_the_reference_starts():
    modules = [module for _, module in parsable_python_modules()]
    assert len(modules) > 20 and sum(_check(module) for module in modules) > 500


def test_a_kind_not_noted_is_found_the_slow_way():
    module = cst.parse_module("x = [1,\n     2]\n")
    element = module.body[0].body[0].value.elements[1]
    assert Starts(module).of(element) == (2, 5)
