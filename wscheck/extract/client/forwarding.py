"""Forwarded options: a project wrapper that passes its options parameter on to a data
library (`useSWR(key, fetcher, options)`, `useQuery({ queryKey, queryFn, ...options })`):
its call sites poll when they pass the library's polling option; and the polling-named
options believed by their name where the function they are passed to cannot be followed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wscheck.extract.client import apollo, rtk_query, swr, tanstack
from wscheck.extract.client.nodes import Node, callee_of, last_name, member_property, text, unwrap
from wscheck.extract.client.values import member_of
from wscheck.facts import OneOf, Param, PollingKind, Ref, Value
from wscheck.modules import PACKAGE_PREFIX


@dataclass(frozen=True)
class Library:
    key: str  # its polling option
    kind: PollingKind
    indexes: tuple[int, ...]  # the arguments that hold its options


SWR = Library(swr.POLLING_KEY, swr.POLLING_KIND, (2,))  # useSWR(key, fetcher, options)
TANSTACK = Library(tanstack.POLLING_KEY, tanstack.POLLING_KIND, (0, 2))  # useQuery({...}), v3 useQuery(key, fn, options)
APOLLO = Library(apollo.POLLING_KEY, apollo.POLLING_KIND, (1,))  # useQuery(QUERY, options)
RTK = Library(rtk_query.POLLING_KEY, rtk_query.POLLING_KIND, (1,))  # useGetJobsQuery(arg, options)

_TANSTACK_CALLS = frozenset({
    "useQuery", "useInfiniteQuery", "useSuspenseQuery", "useSuspenseInfiniteQuery",
    "createQuery", "createInfiniteQuery", "injectQuery", "injectInfiniteQuery",
})  # fmt: skip


def imported_libraries(imports: list[tuple[str, Ref]]) -> dict[str, Library]:
    """The data-library calls a file imports, by local name (`import useSwr from 'swr'`)."""
    found: dict[str, Library] = {}
    for local, ref in imports:
        if not ref.module.startswith(PACKAGE_PREFIX):
            continue
        package = ref.module[len(PACKAGE_PREFIX) :]
        if package == "swr" or package.startswith("swr/"):
            if ref.name == "default" or ref.name.startswith("useSWR"):
                found[local] = SWR
        elif (package.startswith("@tanstack/") or package.startswith("react-query")) and ref.name in _TANSTACK_CALLS:
            found[local] = TANSTACK
        elif any(package == p or package.startswith(p + "/") for p in apollo.PACKAGES) and ref.name in apollo.QUERY_CALLS:
            found[local] = APOLLO
    return found


WORDS = (b"useSWR", b"Query")  # with no library import, a file without these makes no library call


def library_of(call: Node, imported: dict[str, Library]) -> Library | None:
    """The data library a call belongs to: imported by that name, a `useSWR…` hook, or a
    hook RTK Query generated (`useGetJobsQuery`)."""
    callee = unwrap(callee_of(call))
    if callee is None:
        return None
    name = text(callee) if callee.type == "identifier" else member_property(callee)
    if name is None:
        return None
    if name in imported and callee.type == "identifier":
        return imported[name]
    if name.startswith("useSWR"):
        return SWR
    return RTK if "Query" in name and rtk_query.generated_hook(name) else None


def option_arguments(call: Node, library: Library) -> list[Node]:
    """The arguments of a library call that hold its options (`useSWR(key, { ...options })`
    too: SWR's second argument when it is an object)."""
    arguments = call.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    found = [args[i] for i in library.indexes if i < len(args)]
    if library is SWR and len(args) == 2 and unwrap(args[1]).type == "object":
        found.append(args[1])
    return found


def forwarded(value: Value, key: str, qualname: str) -> Value | None:
    """The polling option an argument takes from the wrapper's parameters: `options`,
    `{ ...options, enabled }`, `options?.swr`, `options ?? {}` give `Param(options.key)`."""
    option = member_of(value, key, "")
    parts = option.options if isinstance(option, OneOf) else (option,)
    return option if any(isinstance(p, Param) and p.function == qualname for p in parts) else None


# --- believed by name ------------------------------------------------------------------

# Hooks, composables and query factories take query options; anything else (`saveSettings`,
# `setConfig`, `post`) may well carry a user's chosen interval as data.
_QUERY_LIKE = re.compile(r"^use[A-Z0-9]|Query$|Queries$")
# ... but not the hooks that hold state, storage, forms or settings
_STATE_WORDS = re.compile(
    r"State|Reducer|Ref$|Memo|Callback|Context|Effect|Storage|Form|Setting|Config|Preference|Store|Params|Persist|Cookie"
)


def believed_call(call: Node | None) -> bool:
    """A call whose polling-named option is believed without seeing a data library behind
    it: a hook or query function (`api.pipelines.useList(params, {...})`,
    `useOrders({ refreshInterval })`), not one that keeps state or settings."""
    if call is None or call.type != "call_expression":
        return False
    name = last_name(callee_of(call)) or ""
    return bool(_QUERY_LIKE.search(name)) and not _STATE_WORDS.search(name)
