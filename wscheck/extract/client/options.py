"""Polling options: the helpers the query-library modules (swr, apollo, rtk_query: each a
`POLLING_KEY` with `applies` and `is_global_default`) share."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node
from wscheck.modules import PACKAGE_PREFIX

_OBJECT_PARTS = frozenset({"object", "pair", "parenthesized_expression", "as_expression", "satisfies_expression"})


def imports_package(packages: frozenset[str], names: tuple[str, ...]) -> bool:
    return any(p == n or p.startswith(n + "/") for p in packages for n in names)


def packages_of(imports) -> frozenset[str]:
    """The packages a file imports from (`swr`, `@apollo/client`)."""
    return frozenset(ref.module[len(PACKAGE_PREFIX) :] for _, ref in imports if ref.module.startswith(PACKAGE_PREFIX))


def enclosing_call(option: Node) -> Node | None:
    """The call whose (possibly nested) object-literal argument holds `option`."""
    current = option.parent
    while current is not None and current.type in _OBJECT_PARTS:
        current = current.parent
    if current is not None and current.type == "arguments":
        return current.parent
    return None
