"""RTK Query: the `pollingInterval` subscription option of a generated `use…Query` hook
(`useGetJobsQuery(arg, { pollingInterval })`) or of `endpoint.initiate(arg, {...})`."""

from __future__ import annotations

import re

from wscheck.extract.client.nodes import Node, callee_of, last_name
from wscheck.extract.client.options import enclosing_call
from wscheck.facts import PollingKind

POLLING_KEY = "pollingInterval"
POLLING_KIND = PollingKind.POLLING_INTERVAL
# Generated hooks only: a project's `useLiveData({ pollingInterval })` is a hook of its
# own, judged by what it does with the value.
_HOOK = re.compile(r"^use(Lazy)?[A-Z]\w*Query(State|Subscription)?$|^useQuerySubscription$")


def applies(option: Node, packages: frozenset[str]) -> bool:
    call = enclosing_call(option)
    if call is None:
        return False
    name = last_name(callee_of(call)) or ""
    return generated_hook(name) or name == "initiate"


def generated_hook(name: str) -> bool:
    return bool(_HOOK.match(name))


def is_global_default(option: Node) -> bool:
    return False
