"""libcst compat: the private shapes are checked at import, a changed shape turns them off,
and the public-API fallback extracts the same facts as the fast path from every Python file
of the fixtures and examples."""

from __future__ import annotations

import libcst as cst

from conftest import ROOT
from wscheck.config import DEFAULT_BROADCAST_FUNCTIONS
from wscheck.extract.server import libcst_compat
from wscheck.extract.server.extractor import extract_python
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import ParseFailure

OPTIONS = ServerOptions(("type", "event", "message_type"), tuple(DEFAULT_BROADCAST_FUNCTIONS))


def _extract_every_file() -> list:
    paths = sorted(p for folder in ("tests/fixtures", "examples") for p in (ROOT / folder).rglob("*.py"))
    return [extract_python(path.name, path.read_bytes(), path.stem, path.name == "__init__.py", OPTIONS) for path in paths]


def _never(*args, **kwargs):
    raise AssertionError("a private libcst shape was used while the fallback was forced")


def test_the_installed_libcst_passes_the_check():
    """The suite runs on a supported libcst (the oldest and the newest are tried by hand before
    the range in pyproject.toml moves): there the fast path is on."""
    assert libcst_compat.PRIVATE
    assert libcst_compat.private_api_works()


def test_a_version_outside_the_range_uses_the_public_api():
    low, high = libcst_compat.SUPPORTED
    assert libcst_compat.private_api_works(low)
    assert not libcst_compat.private_api_works((low[0], low[1] - 1))
    assert not libcst_compat.private_api_works(high)
    assert not libcst_compat.private_api_works(())


def test_a_changed_children_order_is_caught(monkeypatch):
    read = libcst_compat._read_fields
    monkeypatch.setattr(libcst_compat, "_FIELDS", {})
    monkeypatch.setattr(libcst_compat, "_read_fields", lambda kind: tuple(reversed(read(kind))))
    assert not libcst_compat.private_api_works()


def test_changed_codegen_hooks_are_caught(monkeypatch):
    monkeypatch.setattr(libcst_compat._StartsState, "add_token", lambda self, value: self.tokens.append(value))
    assert not libcst_compat.private_api_works()
    monkeypatch.undo()
    monkeypatch.setattr(cst.Module, "_codegen", _never)
    assert not libcst_compat.private_api_works()


def test_the_fallback_extracts_the_same_facts_as_the_fast_path(monkeypatch):
    fast = _extract_every_file()
    monkeypatch.setattr(libcst_compat, "PRIVATE", False)
    monkeypatch.setattr(libcst_compat, "node_starts", _never)
    monkeypatch.setattr(libcst_compat, "children_fields", _never)
    public = _extract_every_file()
    assert len(fast) > 20 and sum(1 for facts in fast if not isinstance(facts, ParseFailure)) > 20
    assert not [facts for facts in public if isinstance(facts, ParseFailure) and "internal error" in facts.reason]
    assert public == fast
