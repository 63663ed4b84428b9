"""Parsing: picks the tree-sitter grammar for a client file and parses it (parsers cached per process)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wscheck.extract.client.vue import vue_script

_PARSERS: dict[str, Any] = {}
_KIND_NAMES: dict[str, tuple[str | None, ...]] = {}

_GRAMMAR_BY_SUFFIX = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "tsx",
    ".jsx": "tsx",
    ".mjs": "tsx",
    ".cjs": "tsx",
}
_JS_SUFFIXES = frozenset({".js", ".jsx", ".mjs", ".cjs"})
_GRAMMAR_BY_VUE_LANG = {"ts": "typescript", "tsx": "tsx"}


@dataclass(frozen=True)
class Parsed:
    tree: Any  # tree_sitter.Tree
    grammar: str
    source: bytes  # the bytes the tree was parsed from (blanked outside <script> for .vue)
    has_template: bool  # a .vue file with a <template>


def _parser(grammar: str) -> Any:
    parser = _PARSERS.get(grammar)
    if parser is None:
        # Imported here so that a run which parses no client file never loads tree-sitter.
        import tree_sitter

        if grammar == "javascript":
            import tree_sitter_javascript

            language = tree_sitter_javascript.language()
        else:
            import tree_sitter_typescript

            if grammar == "tsx":
                language = tree_sitter_typescript.language_tsx()
            else:
                language = tree_sitter_typescript.language_typescript()
        compiled = tree_sitter.Language(language)
        parser = tree_sitter.Parser(compiled)
        _PARSERS[grammar] = parser
        _KIND_NAMES[grammar] = tuple(
            compiled.node_kind_for_id(kind) if compiled.node_kind_is_named(kind) else None
            for kind in range(compiled.node_kind_count)
        )
    return parser


def kind_names(grammar: str) -> tuple[str | None, ...]:
    """Named node types by `kind_id` (one type may have several ids), for fast dispatch."""
    _parser(grammar)
    return _KIND_NAMES[grammar]


def suffix_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def parse(path: str, source: bytes, text: str) -> Parsed:
    """Parse `source` (whose decoded form is `text`) with the grammar its extension calls for."""
    suffix = suffix_of(path)
    if suffix == ".vue":
        script = vue_script(text)
        grammar = _GRAMMAR_BY_VUE_LANG.get(script.lang, "tsx")
        return Parsed(_parser(grammar).parse(script.source), grammar, script.source, script.has_template)
    grammar = _GRAMMAR_BY_SUFFIX.get(suffix, "tsx")
    tree = _parser(grammar).parse(source)
    if suffix in _JS_SUFFIXES and tree.root_node.has_error:
        # Plain JS that the TSX grammar misreads (`a < b > (c)`): the JS grammar may do better.
        fallback = _parser("javascript").parse(source)
        if not fallback.root_node.has_error:
            tree, grammar = fallback, "javascript"
    return Parsed(tree, grammar, source, False)
