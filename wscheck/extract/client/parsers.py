"""Parsing: picks the tree-sitter grammar for a client file and parses it (parsers cached per process)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wscheck.extract.client.vue import vue_script

_PARSERS: dict[str, Any] = {}
_KIND_IDS: dict[str, dict[str, tuple[int, ...]]] = {}

_GRAMMAR_BY_SUFFIX = {
    # The TSX grammar reads plain JavaScript and JSX as well.
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "tsx",
    ".jsx": "tsx",
    ".mjs": "tsx",
    ".cjs": "tsx",
}
_GRAMMAR_BY_VUE_LANG = {"ts": "typescript", "tsx": "tsx"}


@dataclass(frozen=True)
class Parsed:
    tree: Any  # tree_sitter.Tree
    grammar: str
    source: bytes  # the bytes the tree was parsed from (blanked outside <script> for .vue)
    has_template: bool  # a .vue file with a <template>, a .svelte file with markup


def _parser(grammar: str) -> Any:
    parser = _PARSERS.get(grammar)
    if parser is None:
        # Imported here so that a run which parses no client file never loads tree-sitter.
        import tree_sitter
        import tree_sitter_typescript

        if grammar == "tsx":
            language = tree_sitter_typescript.language_tsx()
        else:
            language = tree_sitter_typescript.language_typescript()
        compiled = tree_sitter.Language(language)
        parser = tree_sitter.Parser(compiled)
        _PARSERS[grammar] = parser
        ids: dict[str, list[int]] = {}
        for kind in range(compiled.node_kind_count):
            if compiled.node_kind_is_named(kind):
                ids.setdefault(compiled.node_kind_for_id(kind) or "", []).append(kind)
        _KIND_IDS[grammar] = {name: tuple(kinds) for name, kinds in ids.items()}
    return parser


def kind_ids(grammar: str) -> dict[str, tuple[int, ...]]:
    """The `kind_id`s of each named node type (aliases give one type several), for fast dispatch."""
    _parser(grammar)
    return _KIND_IDS[grammar]


def suffix_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def parse(path: str, source: bytes, text: str) -> Parsed:
    """Parse `source` (whose decoded form is `text`) with the grammar its extension calls for."""
    suffix = suffix_of(path)
    if suffix in (".vue", ".svelte"):
        script = vue_script(text, svelte=suffix == ".svelte")
        grammar = _GRAMMAR_BY_VUE_LANG.get(script.lang, "tsx")
        return Parsed(_parser(grammar).parse(script.source), grammar, script.source, script.has_template)
    grammar = _GRAMMAR_BY_SUFFIX.get(suffix, "tsx")
    return Parsed(_parser(grammar).parse(source), grammar, source, False)
