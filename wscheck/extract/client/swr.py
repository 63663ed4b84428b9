"""SWR: the `refreshInterval` option of `useSWR(key, fetcher, options)`, and the global
default in `<SWRConfig value={{...}}>`."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, last_name, text
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
    name = last_name(call.child_by_field_name("function")) if call is not None else None
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
    if call is None or not (last_name(call.child_by_field_name("function")) or "").startswith("useSWR"):
        return None
    arguments = call.child_by_field_name("arguments")
    first = arguments.named_children[:1] if arguments is not None else []
    return first[0] if first and first[0].type in ("string", "template_string") else None
