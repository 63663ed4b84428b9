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


def test_extraction_never_falls_back_to_positions_for_every_node(monkeypatch):
    """Asking the position of a kind the light pass does not note costs a full metadata pass
    over the file (a 10,000-line module: ~1 s); every fixture and example is extracted without it."""
    from conftest import ROOT
    from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS
    from wscheck.extract.server import positions
    from wscheck.extract.server.extractor import extract_python
    from wscheck.extract.server.options import ServerOptions

    fallbacks = []
    monkeypatch.setattr(positions, "MetadataWrapper", lambda *a, **k: fallbacks.append(a) or (_ for _ in ()).throw(AssertionError))
    options = ServerOptions(("type", "event", "message_type"), tuple(DEFAULT_BROADCAST_FUNCTIONS))
    for path in sorted(p for folder in ("tests/fixtures", "examples") for p in (ROOT / folder).rglob("*.py")):
        extract_python(path.name, path.read_bytes(), path.stem, path.name == "__init__.py", options)
    assert not fallbacks
