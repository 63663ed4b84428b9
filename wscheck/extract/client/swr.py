"""SWR: the `refreshInterval` option of `useSWR(key, fetcher, options)`, and the global
default in `<SWRConfig value={{...}}>`."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, callee_of, last_name, text, unwrap
from wscheck.extract.client.options import enclosing_call, imports_package
from wscheck.facts import PollingKind

POLLING_KEY = "refreshInterval"
POLLING_KIND = PollingKind.REFRESH_INTERVAL
PACKAGES = ("swr",)


def applies(option: Node, packages: frozenset[str]) -> bool:
    """In a file that imports SWR, or an argument of a `useSWR…` call."""
    if imports_package(packages, PACKAGES):
        return True
    call = enclosing_call(option)
    name = last_name(callee_of(call)) if call is not None else None
    return bool(name and name.startswith("useSWR")) or is_global_default(option)


def is_global_default(option: Node) -> bool:
    """`<SWRConfig value={{ refreshInterval }}>`."""
    current = option.parent
    while current is not None and current.type not in ("jsx_element", "program"):
        if current.type in ("jsx_opening_element", "jsx_self_closing_element"):
            name = current.child_by_field_name("name")
            return name is not None and text(name).endswith("SWRConfig")
        current = current.parent
    return False


def resource(option: Node) -> Node | None:
    """`useSWR('/api/jobs', fetcher, {...})`: the key, which is the URL the fetcher gets."""
    call = enclosing_call(option)
    if call is None or not (last_name(callee_of(call)) or "").startswith("useSWR"):
        return None
    arguments = call.child_by_field_name("arguments")
    first = arguments.named_children[:1] if arguments is not None else []
    return first[0] if first and first[0].type in ("string", "template_string") else None


def key_url(key: Node) -> Node:
    """The part of an SWR key that names what is fetched: `enabled ? ['/api/jobs', params] :
    null` gives the array (its first element is the URL by convention)."""
    key = unwrap(key)
    while key.type == "ternary_expression":
        branches = [unwrap(key.child_by_field_name(f)) for f in ("consequence", "alternative")]
        kept = [b for b in branches if b is not None and b.type not in ("null", "undefined", "false")]
        if len(kept) != 1:
            return key
        key = kept[0]
    return key
