"""Property tests: extraction never lets an exception escape, whatever it is given — Python
that hypothesmith generates from the grammar, real server and client files with byte ranges
deleted, duplicated or cut off. A WS001 is a fine answer; an internal error is not, and
neither is calling valid Python a syntax error."""

from __future__ import annotations

import os
import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FIXTURES, ROOT
from wscheck.extract.client.extractor import extract_client
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import ClientFacts, ParseFailure, PythonFacts, Role

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")  # `ast` on generated escapes

OPTIONS = ServerOptions(("type", "event"), ("broadcast", "publish"), ("notify(",))
# few examples, so that the whole file stays within seconds; in CI the same ones every run
# (a failure there is reproducible), elsewhere new ones each time
FUZZ = settings(
    max_examples=50, deadline=None, database=None, derandomize=bool(os.environ.get("CI")),
    suppress_health_check=list(HealthCheck),
)


def _sources(*suffixes: str) -> list[bytes]:
    files = sorted(p for folder in (FIXTURES, ROOT / "examples") for p in folder.rglob("*") if p.suffix in suffixes and p.is_file())
    return [p.read_bytes() for p in files if 0 < p.stat().st_size < 20_000]


SERVER_FILES = _sources(".py")
CLIENT_FILES = _sources(".ts", ".tsx", ".vue")
CLIENT_SUFFIXES = (".ts", ".tsx", ".vue")


@st.composite
def mutated(draw, sources: list[bytes]) -> bytes:
    """A real file with a few byte ranges deleted, duplicated, or the file cut off."""
    data = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 200)))
        how = draw(st.sampled_from(["delete", "duplicate", "truncate"]))
        data = data[:start] + data[end:] if how == "delete" else data[:end] + data[start:end] + data[end:] if how == "duplicate" else data[:end]
    return data


def _valid(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like
            compile(source, "generated.py", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _server_facts_are_sound(facts, valid: bool) -> None:
    assert isinstance(facts, (PythonFacts, ParseFailure))
    if isinstance(facts, ParseFailure):
        assert not facts.reason.startswith("internal error"), facts.reason
        assert not (valid and facts.reason.startswith("syntax error")), facts.reason  # valid Python is no syntax error


@FUZZ
@given(st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node()))
def test_server_extraction_of_generated_python(source):
    facts = extract_python("app/generated.py", source.encode("utf-8", "surrogatepass"), "app.generated", False, OPTIONS)
    _server_facts_are_sound(facts, _valid(source))


@FUZZ
@given(mutated(SERVER_FILES))
def test_server_extraction_of_mutated_server_files(data):
    facts = extract_python("app/mutated.py", data, "app.mutated", False, OPTIONS)
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        source = None
    _server_facts_are_sound(facts, source is not None and _valid(source))


@FUZZ
@given(mutated(CLIENT_FILES), st.sampled_from(CLIENT_SUFFIXES))
def test_client_extraction_of_mutated_client_files(data, suffix):
    facts = extract_client(f"web/src/mutated{suffix}", data, Role.CLIENT)
    assert isinstance(facts, (ClientFacts, ParseFailure))
    if isinstance(facts, ParseFailure):
        assert not facts.reason.startswith("internal error"), facts.reason
