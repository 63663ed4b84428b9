"""Liveness: a broadcast counts only if something can run it.

A broadcast in a function nothing calls, starts or registers is not broadcasting logic:
the post-mortem's fix written but never started. A function is live when it is
decorated (a route, a startup hook, a task), or a live parsed function calls it, or —
when no parsed function calls it — its name appears beyond its `def` anywhere in the
server code (a startup hook in a file nothing else made us parse).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from wscheck.facts import Function, PythonFacts
from wscheck.model.entities import BroadcastSite
from wscheck.search import names_used_beyond_definition


def mark_dead_broadcasts(
    broadcasts: Iterable[BroadcastSite], modules: list[PythonFacts], server_files: Iterable[str], read: Callable[[str], bytes],
) -> list[BroadcastSite]:
    """The broadcasts, those in functions nothing can run marked `live=False`."""
    functions = [fn for f in modules for fn in f.functions]
    by_qualname = {fn.qualname: fn for fn in functions}
    callers: dict[str, list[Function]] = {}
    for fn in functions:
        for name in {c.name for c in fn.calls} | {e.name for e in fn.emits}:
            callers.setdefault(name, []).append(fn)
    files = list(server_files)
    unparsed_uses: dict[str, bool] = {}
    verdicts: dict[str, bool] = {}

    def live(fn: Function, seen: frozenset = frozenset()) -> bool:
        if fn.qualname in verdicts:
            return verdicts[fn.qualname]
        name = fn.name
        if fn.decorated or name.startswith("__") or fn.role is not None:  # a framework calls its socket class's methods
            result = True
        else:
            calling = [c for c in callers.get(name, []) if c.qualname != fn.qualname and c.qualname not in seen]
            if calling:
                result = any(live(c, seen | {fn.qualname}) for c in calling)
            else:
                if name not in unparsed_uses:
                    unparsed_uses[name] = bool(names_used_beyond_definition(files, {name}, read))
                result = unparsed_uses[name]
        if not seen:  # a verdict reached inside a cycle may depend on where it started
            verdicts[fn.qualname] = result
        return result

    marked = []
    for site in broadcasts:
        fn = by_qualname.get(site.function)
        marked.append(site if fn is None or live(fn) else replace(site, live=False))
    return marked
