"""Valid Python is never called a syntax error (issue 22): a file CPython reads is either read
whole, or — where libcst's parser is stricter than CPython's — reported as such at `info`,
with what the stdlib `ast` can say of it (imports, module-level names) still in the model."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from conftest import run_scan
from wscheck.extract.server.ast_facts import ast_facts
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.extract.server.skeleton import source_lines
from wscheck.facts import Location, Opaque, ParseFailure, PythonFacts, Ref, Str, Symbol
from wscheck.findings import Severity

OPTIONS = ServerOptions(("type",), (), ())
ROUTE = "@router.websocket('/ws/feed')\nasync def feed(websocket):\n    await websocket.send_json({'type': 'feed_update'})\n"
HEAD = "from fastapi import APIRouter\nrouter = APIRouter()\n"
FILLER = "".join(f"\ndef helper{n}(a, b):\n    total = a + b * {n}\n    return total\n" for n in range(12))  # cut from the skeleton

# CPython 3.11 compiles each; libcst 1.9 cannot read it.
LIBCST_CORNERS = {
    "a line holding only a backslash in a block": "class Feed:\n    def close(self):\n        \\\n        return None\n",
    "the same, indented with tabs": "class Feed:\n\tdef close(self):\n\t\t\\\n\t\treturn None\n",
    "an annotated assignment to a parenthesised name": "(LIMIT): int = 10\n",
}

# Layouts that cutting a file down to its skeleton used to break (a WS001, or worse a lost route).
SKELETON_LAYOUTS = {
    "a form feed between functions (an editor's page break)": HEAD + FILLER + "\x0c\n" + ROUTE,
    "a string holding U+2028 and U+0085": HEAD + "SEPARATORS = '\u2028\x85'\n" + FILLER + ROUTE,
    "a statement continued onto a blank line, then a function left out": HEAD + "RETRIES = 3 \\\n\n" + FILLER + ROUTE,
    "a statement continued onto a blank line at the end of the file": HEAD + ROUTE + FILLER + "RETRIES = 3 \\\n\n",
}


@pytest.mark.parametrize("corner", sorted(LIBCST_CORNERS))
def test_each_corner_is_valid_python_that_libcst_cannot_read(corner):
    source = LIBCST_CORNERS[corner]
    compile(source, "corner.py", "exec")
    with pytest.raises(cst.ParserSyntaxError):
        cst.parse_module(source)


@pytest.mark.parametrize("corner", sorted(LIBCST_CORNERS))
def test_valid_python_libcst_cannot_read_is_an_info_ws001_with_the_ast_facts(corner):
    source = "from .names import FEED_UPDATE\nfrom . import names as catalogue\nKIND = 'feed'\n" + LIBCST_CORNERS[corner]
    facts = extract_python("app/corner.py", source.encode(), "app.corner", False, OPTIONS)
    assert isinstance(facts, PythonFacts) and facts.whole
    assert facts.unread is not None and facts.unread.valid_python and facts.unread.reason.startswith("libcst: ")
    assert dict(facts.imports) == {"FEED_UPDATE": Ref("app.names", "FEED_UPDATE"), "catalogue": Ref("app", "names")}
    assert Symbol("KIND", Str("feed"), Location("app/corner.py", 3, 1)) in facts.symbols


def test_the_model_follows_imports_through_a_file_libcst_cannot_read(project):
    """The route sends a constant re-exported by a module libcst cannot read (its broadcast
    holds the corner): the demand follows that module's import to the one defining the
    constant, the type resolves, and WS101 says where its broadcast may hide."""
    folder = project({
        "app/__init__.py": "",
        "app/kinds.py": "FEED_UPDATE = 'feed_update'\n",
        "app/events.py": (
            "from .kinds import FEED_UPDATE\n\n\nasync def broadcast_feed(manager):\n"
            "    \\\n    await manager.broadcast({'type': FEED_UPDATE})\n"
        ),
        "app/routes.py": HEAD + "from .events import FEED_UPDATE\n\n"
                         "@router.websocket('/ws/feed')\nasync def feed(websocket):\n    await websocket.send_json({'type': FEED_UPDATE})\n",
    })
    compile((folder / "app/events.py").read_text(), "events.py", "exec")
    report = run_scan(folder, select=("WS001", "WS101", "WS002"))
    found = {(f.location.file, f.code): f for f in report.findings}
    assert set(found) == {("app/events.py", "WS001"), ("app/routes.py", "WS101")}
    ws001 = found["app/events.py", "WS001"]
    assert ws001.severity is Severity.INFO and ws001.location.line == 6
    assert ws001.message.startswith("could not fully read app/events.py: valid Python that the parser wscheck uses cannot read (libcst: ")
    assert "syntax error" not in ws001.message
    ws101 = found["app/routes.py", "WS101"].message
    assert "sends 'feed_update'" in ws101 and "the broadcasts in app/events.py could not be read: WS001" in ws101


def test_a_real_syntax_error_is_still_a_warning(project):
    folder = project({"app/routes.py": HEAD + ROUTE, "app/broken.py": "def broadcast_feed(m)\n    m.broadcast({'type': 'feed_update'})\n"})
    [ws001] = [f for f in run_scan(folder, select=("WS001",)).findings]
    assert ws001.severity is Severity.WARNING and "syntax error" in ws001.message


@pytest.mark.parametrize("layout", sorted(SKELETON_LAYOUTS))
def test_layouts_the_skeleton_used_to_break_are_read_whole(layout):
    facts = extract_python("app/routes.py", SKELETON_LAYOUTS[layout].encode(), "app.routes", False, OPTIONS)
    assert isinstance(facts, PythonFacts) and facts.unread is None
    assert not facts.whole  # read from a skeleton: the layout itself is what is tested
    assert [e.path for e in facts.endpoints] == [Str("/ws/feed")]


def test_a_skeleton_libcst_cannot_read_falls_back_to_the_whole_file(monkeypatch):
    from wscheck.extract.server import extractor
    from wscheck.extract.server.skeleton import Skeleton

    monkeypatch.setattr(extractor, "build_skeleton", lambda *args, **kwargs: Skeleton("def broken(:\n", (1,)))
    facts = extract_python("app/routes.py", (HEAD + ROUTE + FILLER).encode(), "app.routes", False, OPTIONS)
    assert isinstance(facts, PythonFacts) and facts.whole and [e.path for e in facts.endpoints] == [Str("/ws/feed")]


def test_source_lines_break_where_python_does():
    text = "a = '\u2028'\x0c\nb = 1\r\nc = '\x85'\rd = 2"
    assert source_lines(text) == ["a = '\u2028'\x0c\n", "b = 1\r\n", "c = '\x85'\r", "d = 2"]
    assert len(source_lines(text)) == len(text.splitlines()) - 3  # str.splitlines breaks three more times


def test_ast_facts_count_columns_in_characters_and_keep_class_level_names():
    text = "if True:\n    NAME = 'é'; ÉTAT = 'ready'\nclass Feed(Base):\n    kind = 'feed'\n    def f(self):\n        inner = 1\n"
    unread = ParseFailure("m.py", Location("m.py", 1, 1), "libcst: …", valid_python=True)
    facts = ast_facts("m.py", "m", False, text, ast.parse(text), unread)
    assert [(s.name, s.value, s.location.column) for s in facts.symbols] == [
        ("NAME", Str("é"), 5), ("ÉTAT", Str("ready"), 17), ("Feed.kind", Str("feed"), 5),
    ]
    assert [(c.name, c.bases) for c in facts.classes] == [("Feed", (Opaque("Base"),))]  # neither imported nor defined here
