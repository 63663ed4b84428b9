"""TanStack Query (React, Vue, Svelte, Solid): the polling option, the global default in a
QueryClient, and the query's key and fetcher beside it."""

from __future__ import annotations

from wscheck.extract.client.contract import entry_value, sibling_value
from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, key_name, last_name, text
from wscheck.facts import Bool, Conditional, PollingKind
from wscheck.polling_words import names_socket_state

POLLING_KEY = "refetchInterval"
POLLING_KIND = PollingKind.REFETCH_INTERVAL
_STOP_GLOBAL_SEARCH = FUNCTION_TYPES | {"expression_statement", "lexical_declaration", "program"}


def is_global_default(node: Node) -> bool:
    """Inside `new QueryClient({defaultOptions: ...})` or `client.setDefaultOptions(...)`."""
    under_default_options = False
    current = node.parent
    while current is not None and current.type not in _STOP_GLOBAL_SEARCH:
        kind = current.type
        if kind == "pair":
            key = current.child_by_field_name("key")
            under_default_options |= key is not None and key_name(key) == "defaultOptions"
        elif kind == "new_expression":
            constructor = current.child_by_field_name("constructor")
            name = last_name(constructor) if constructor is not None else None
            return under_default_options and name == "QueryClient"
        elif kind == "call_expression":
            callee = callee_of(current)
            return callee is not None and last_name(callee) == "setDefaultOptions"
        current = current.parent
    return False


def query_key(option: Node) -> Node | None:
    """The `queryKey` beside a polling option."""
    return sibling_value(option, "queryKey")


def query_fn(option: Node) -> Node | None:
    """The `queryFn` beside a polling option."""
    return sibling_value(option, "queryFn")


def query_parts(options: Node) -> tuple[Node | None, Node | None]:
    """The `queryKey` and `queryFn` of a query's options object."""
    return entry_value(options, "queryKey"), entry_value(options, "queryFn")


def gated(option: Node, interval):
    """The interval of a query that runs only while the socket is down (`enabled:
    !isConnected` beside it), or never (`enabled: false`). An `enabled: !!id` waits for
    its input and then polls for good: it stays unconditional."""
    enabled = sibling_value(option, "enabled")
    if enabled is None:
        return interval
    if enabled.type == "false":
        return lambda scope: Bool(False)
    test = " ".join(text(enabled).split())
    if not names_socket_state(test):
        return interval
    return lambda scope: Conditional(test, interval(scope), Bool(False))
