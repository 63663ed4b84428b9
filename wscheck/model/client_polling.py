"""Client polling: every polling site with its interval resolved across modules, moved to
the call sites of the hooks and wrappers whose interval, callback or options they pass."""

from __future__ import annotations

from dataclasses import replace

from wscheck.facts import (
    Belief, Bool, ClientCall, ClientFacts, ClientFunction, Num, Opaque, Param, PollingSite, Ref, Str, Value, iter_values,
)
from wscheck.model.client import MAX_WRAPPER_DEPTH, ClientIndex, bind, passed, url_pattern
from wscheck.model.entities import Polling
from wscheck.model.evaluate import Outcome, evaluate, substitute
from wscheck.polling_words import fetching_name

Key = tuple[str, "str | None"]


def build_polling(index: ClientIndex) -> list[Polling]:
    """Every polling site; a polling hook whose interval (or callback, or options) is a
    parameter polls at each call site that passes one, the finding then being there."""
    sites: list[Polling] = []
    for facts in index.modules.values():
        for site in facts.polling:
            sites.extend(_hook_sites(index, facts, site))
    own = {s.location: s for f in index.modules.values() for s in f.polling}
    moved = {p.location for p in sites if p.location not in own}
    # An option passed to a project function that was followed: the function decides. A
    # by-name belief then goes; a seen option gives way to the site followed to its call,
    # which knows what the wrapper fetches.
    dropped = {
        location for location, site in own.items()
        if _followed(index, site) and (site.belief is Belief.BY_NAME or site.passed_at in moved)
    }  # fmt: skip
    # `useLive(fetch, { refetchInterval: 5000 })` is a site of its own already: the hook's
    # call site on that line adds nothing
    direct = {_line(site) for location, site in own.items() if location not in dropped}
    sites = [p for p in sites if p.location not in dropped and (p.location in own or _line(p) not in direct)]
    return sorted(set(_as_written(index, sites, own, dropped)), key=lambda p: p.location)


def _as_written(index: ClientIndex, sites: list[Polling], own: dict, dropped: set) -> list[Polling]:
    """A site followed into its wrapper keeps what the option says where it is written when
    the wrapper's view lost it: `refetchInterval: (query) => running(query) ? ms : false`
    is a function value to the wrapper, a conditional interval where it is written."""
    written: dict = {}
    by_path = {facts.path: facts for facts in index.modules.values()} if dropped else {}
    for location in dropped:
        site = own[location]
        if site.passed_at is not None and site.belief is Belief.SEEN:
            facts = by_path.get(location.file)
            seen = _polling(index, facts, site, 1) if facts is not None else None
            if seen is not None:
                written[site.passed_at] = seen
    return [
        replace(p, interval_ms=w.interval_ms, conditional=w.conditional, condition=w.condition)
        if (w := written.get(p.location)) is not None and p.interval_ms is None and not p.conditional else p
        for p in sites
    ]


def _line(item: Polling | PollingSite) -> tuple[str, int]:
    return item.location.file, item.location.line


def _followed(index: ClientIndex, site: PollingSite) -> bool:
    """The option is passed to a project function the index holds."""
    return site.passed_to is not None and index.function_key(site.passed_to) in index.functions


def _hook_sites(
    index: ClientIndex, facts: ClientFacts, site: PollingSite, depth: int = 0, chain: frozenset[Key] = frozenset()
) -> list[Polling]:
    """The site itself (for the call sites that keep the hook's defaults), and each call
    site that passes its own interval, callback or options, followed up through wrapper
    hooks; `chain` holds the functions already on the way (a hook that calls itself)."""
    own = (facts.module, site.function) if site.function else None
    chain = chain | {own} if own else chain
    qualname = f"{facts.module}:{site.function}"
    open_value = site.parametric if site.parametric is not None else site.interval
    params = _params(qualname, open_value)
    fetcher_param = site.fetcher if isinstance(site.fetcher, Param) and site.fetcher.function == qualname else None
    if fetcher_param is not None:
        params.add(fetcher_param)
    spec = index.functions.get(own) if own else None
    all_callers = index.callers.get(own, []) if own else []
    callers = all_callers if params and spec and depth < MAX_WRAPPER_DEPTH else []
    found: list[Polling | None] = []
    by_default = 0
    for caller, call in callers:
        if call.function and (caller.module, call.function) in chain:
            continue  # the hook calls itself (or a wrapper of it): its own call adds nothing
        if not any(passed(call, spec, p) is not None for p in params):
            by_default += 1  # leaves the hook's defaults: counted at the hook
            continue
        moved = _moved(site, call, spec, params | _params(qualname, site.resource, site.query_key), open_value, caller)
        if fetcher_param is not None:
            moved = replace(moved, fetcher=_call_fetcher(call, spec, fetcher_param))
        if call.function:
            found.extend(_hook_sites(index, caller, moved, depth + 1, chain))
        else:
            found.append(_polling(index, caller, moved, 1))
    # with a callback parameter, what the hook runs is only known where it is called
    if not (fetcher_param is not None and callers) and (not callers or by_default):
        found.append(_polling(index, facts, site, by_default or len(all_callers)))
    return [p for p in found if p is not None]


def _params(qualname: str, *values: Value | None) -> set[Param]:
    return {v for value in values for v in iter_values(value) if isinstance(v, Param) and v.function == qualname}


def _moved(
    site: PollingSite, call: ClientCall, spec: ClientFunction, params: set[Param], open_value: Value, caller: ClientFacts
) -> PollingSite:
    """The site as the call site sees it, with the call's arguments in the hook's parameters.
    Options a wrapper passes on poll only where some caller gives the interval: until then
    the site polls nowhere (its interval stays `false`) and the interval stays open."""
    bindings = {p: bound for p in params if (bound := bind(call, spec, p)) is not None}
    interval = substitute(open_value, bindings)
    still_open = _params(f"{caller.module}:{call.function}", interval) if call.function else set()
    forwarded = site.belief is Belief.FORWARDED and bool(still_open)
    return replace(
        site,
        interval=Bool(False) if forwarded else interval,
        parametric=interval if forwarded else None,
        location=call.location,
        function=call.function,
        resource=substitute(site.resource, bindings) if site.resource is not None else None,
        query_key=substitute(site.query_key, bindings) if site.query_key is not None else None,
    )


def _call_fetcher(call: ClientCall, function: ClientFunction, param: Param) -> Value:
    """What a hook's call site passes as the callback it runs on a timer."""
    for spec in function.params:
        if spec.name == param.name and spec.property is None:
            verdict = dict(call.callbacks).get(spec.index)
            if verdict is not None:
                return verdict
            value = call.args[spec.index] if spec.index < len(call.args) else None
            if isinstance(value, (Ref, Param)):
                return value
            if isinstance(value, Opaque) and fetching_name(value.text):
                return Bool(True)
    return Bool(False)


def timer_fetches(index: ClientIndex, fetcher: Value | None) -> bool:
    """Whether a timer's callback makes an HTTP call, looking into project functions and
    those they call: a worklist with a visited set, so that functions calling each other
    across modules are each looked into once, however long the chain. A `Ref` to
    `useOrdersApi.doFetch` names a member of the object that hook returns."""
    if fetcher is None or fetcher == Bool(True):
        return True
    pending, seen = [fetcher], {fetcher}
    while pending:
        ref = pending.pop()
        if not isinstance(ref, Ref):
            continue
        found = index.function_key(ref)
        function = index.functions.get(found) if found else None
        if function is None:
            head, _, member = found[1].partition(".") if found else ("", "", "")
            hook = index.functions.get((found[0], head)) if found and member else None
            verdict = dict(hook.returns).get(member) if hook is not None else None
            if verdict is not None:  # what the member the hook returns shows
                if verdict == Bool(True):
                    return True
                if isinstance(verdict, Ref) and verdict not in seen:
                    seen.add(verdict)
                    pending.append(verdict)
            elif fetching_name(ref.name.split(".")[-1]):  # not scanned: its name is all we have
                return True
            continue
        if function.fetches:
            return True
        for call in index.modules[found[0]].calls:
            if call.function == function.name and call.callee not in seen:
                seen.add(call.callee)
                pending.append(call.callee)
    return False


def _polling(index: ClientIndex, facts: ClientFacts, site: PollingSite, instances: int) -> Polling | None:
    """One polling site as the rules see it; None when it does not poll after all."""
    if not timer_fetches(index, site.fetcher):
        return None
    outcomes = evaluate(site.interval, index.lookup)
    falsy = any(_falsy(o) for o in outcomes)
    numbers = [o.value for o in outcomes if isinstance(o, Num) and o.value > 0]
    if falsy and not numbers and all(_falsy(o) for o in outcomes):
        return None  # `refetchInterval: false` or 0: no polling
    by_name = site.belief is Belief.BY_NAME
    if by_name and not numbers:
        return None  # an option believed by its name alone needs an interval in sight
    condition = getattr(site.interval, "test", None)
    key = [o.text for o in evaluate(site.query_key, index.lookup) if isinstance(o, Str)] if site.query_key else []
    return Polling(
        site.kind, site.location, min(numbers) if numbers else None, falsy, site.global_default,
        facts.module, site.function, condition, max(instances, 1),
        _fetched_urls(site.resource, index), key[0] if key else None, by_name,
    )


def _fetched_urls(resource: Value | None, index: ClientIndex) -> tuple[str, ...]:
    """URL patterns a queryFn fetches: inline, or inside the project function it names."""
    if resource is None:
        return ()
    urls: list[str] = []
    if isinstance(resource, Ref):
        found = index.function_key(resource)
        function = index.functions.get(found) if found else None
        if function is not None:
            for fetched in function.fetches:
                urls.extend(u for u in (url_pattern([o]) for o in evaluate(fetched, index.lookup)) if u)
            return tuple(dict.fromkeys(urls))
    urls.extend(u for u in (url_pattern([o]) for o in evaluate(resource, index.lookup)) if u)
    return tuple(dict.fromkeys(urls))


def _falsy(outcome: Outcome) -> bool:
    return (isinstance(outcome, Bool) and not outcome.value) or (isinstance(outcome, Num) and outcome.value == 0)
