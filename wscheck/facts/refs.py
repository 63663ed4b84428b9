"""Refs: every `Ref` a file's facts hold, the other modules needed to resolve them."""

from __future__ import annotations

from wscheck.facts.client import ClientFacts
from wscheck.facts.server import PythonFacts
from wscheck.values import Ref, iter_values


def _facts_values(facts: "PythonFacts | ClientFacts"):
    if isinstance(facts, PythonFacts):
        for symbol in facts.symbols:
            yield symbol.value
        for cls in facts.classes:
            yield from cls.bases
        for function in facts.functions:
            for item in (*function.emits, *function.calls):
                yield from item.args
                yield from (v for _, v in item.kwargs)
        for endpoint in facts.endpoints:
            yield from (endpoint.path, endpoint.router, endpoint.handler, endpoint.mount_prefix)
            yield from (*endpoint.entries, *endpoint.receivers)
        for router in facts.routers:
            yield router.prefix
        for include in facts.includes:
            yield from (include.parent, include.child, include.prefix)
        for group in facts.router_groups:
            yield from group.members
    else:
        yield from (v for _, v in facts.constants)
        yield from (s.url for s in facts.sockets)
        yield from (p.interval for p in facts.polling)
        for call in facts.calls:
            yield call.callee
            yield from call.args
        for function in facts.functions:
            yield from (p.default for p in function.params)
            yield from function.fetches
            yield from (v for _, v in function.returns)
        yield from (v for p in facts.polling for v in (p.query_key, p.resource, p.fetcher, p.passed_to))
        yield from (v for call in facts.calls for _, v in call.callbacks)
        for timer in facts.socket_timers:
            yield from (timer.interval, *timer.messages, *timer.sockets)
        yield from (v for function in facts.functions for v in function.sends)


def refs_in(facts: "PythonFacts | ClientFacts"):
    """Every `Ref` in the values a file's facts hold: the modules needed to resolve them.
    Server callees are left out on purpose: a helper that carries a message type is found
    by its own text (it sends or broadcasts, or calls a helper that does)."""
    for value in _facts_values(facts):
        for inner in iter_values(value):
            if isinstance(inner, Ref):
                yield inner
