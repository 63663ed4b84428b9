"""Apollo Client: the `pollInterval` option of `useQuery`/`watchQuery`, `startPolling(ms)`,
and the global default in `new ApolloClient({defaultOptions: {watchQuery: ...}})`."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, callee_of, key_name, last_name, member_property, unwrap
from wscheck.extract.client.options import enclosing_call, imports_package
from wscheck.facts import PollingKind

POLLING_KEY = "pollInterval"
POLLING_KIND = PollingKind.POLL_INTERVAL
START_KIND = PollingKind.START_POLLING
START_WORD = b"startPolling"
PACKAGES = ("@apollo/client", "apollo-client", "@vue/apollo-composable", "apollo-angular")
QUERY_CALLS = frozenset({"useQuery", "useLazyQuery", "useSuspenseQuery", "watchQuery", "query", "useBackgroundQuery"})


def applies(option: Node, packages: frozenset[str]) -> bool:
    if imports_package(packages, PACKAGES):
        return True
    call = enclosing_call(option)
    return call is not None and last_name(callee_of(call)) in QUERY_CALLS


def is_global_default(option: Node) -> bool:
    current, under_defaults = option.parent, False
    while current is not None and current.type not in ("program", "statement_block"):
        if current.type == "pair":
            key = current.child_by_field_name("key")
            under_defaults |= key is not None and key_name(key) == "defaultOptions"
        elif current.type == "new_expression":
            constructor = current.child_by_field_name("constructor")
            return under_defaults and constructor is not None and last_name(constructor) == "ApolloClient"
        current = current.parent
    return False


def start_polling_interval(call: Node) -> Node | None:
    """The interval of `startPolling(ms)` / `result.startPolling(ms)`."""
    callee = unwrap(callee_of(call))
    if callee is None:
        return None
    name = callee.text.decode() if callee.type == "identifier" else member_property(callee)
    arguments = call.child_by_field_name("arguments")
    if name != "startPolling" or arguments is None or len(arguments.named_children) != 1:
        return None
    return arguments.named_children[0]
