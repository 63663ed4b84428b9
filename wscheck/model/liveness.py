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

from wscheck.facts import Function, PythonFacts, Ref
from wscheck.model.entities import BroadcastSite
from wscheck.search import names_used_beyond_definition


def mark_dead_broadcasts(
    broadcasts: Iterable[BroadcastSite], modules: list[PythonFacts], server_files: Iterable[str], read: Callable[[str], bytes],
) -> list[BroadcastSite]:
    """The broadcasts, those in functions nothing can run marked `live=False`."""
    functions = [fn for f in modules for fn in f.functions]
    by_qualname = {fn.qualname: fn for fn in functions}
    # app factories (`create_app()` building a FastAPI/Quart/Sanic app): the server runs them (`--factory`)
    factories = {f"{f.module}:{r.ref.name.rsplit('.', 1)[0]}" for f in modules for r in f.routers if r.is_app and "." in r.ref.name}
    callers: dict[str, list[Function]] = {}
    method_callers: dict[str, list[Function]] = {}  # "Class.method" -> who calls it on an instance of Class
    for fn in functions:
        for name in {c.name for c in fn.calls} | {e.name for e in fn.emits}:
            callers.setdefault(name, []).append(fn)
        for call in fn.calls:
            owner = _method_of(call.target)
            if owner is not None:
                method_callers.setdefault(owner, []).append(fn)
    methods = {_class_method(fn.qualname) for fn in functions if fn.is_method}
    files = list(server_files)
    unparsed_uses: dict[str, bool] = {}
    verdicts: dict[str, bool] = {}

    def live(fn: Function, seen: frozenset = frozenset()) -> bool:
        if fn.qualname in verdicts:
            return verdicts[fn.qualname]
        name = fn.name
        if fn.decorated or name.startswith("__") or fn.role is not None or fn.qualname in factories:  # a framework calls these
            result = True
        else:
            own = _class_method(fn.qualname)
            # `watcher.start()` on a DeploymentWatcher starts that class's `start`, not every `start`
            by_name = [c for c in callers.get(name, []) if not _calls_other_class(c, name, own, methods)]
            calling = [
                c for c in dict.fromkeys(by_name + method_callers.get(own, []))
                if c.qualname != fn.qualname and c.qualname not in seen
            ]
            if calling:
                result = any(live(c, seen | {fn.qualname}) for c in calling)
            else:
                # named in code nothing made us parse; a method also needs its class named
                # (instantiated, subclassed) somewhere: `AlertRelay().start()` or it never runs
                words = [name] + ([own.split(".")[0]] if fn.is_method and "." in own else [])
                for word in words:
                    if word not in unparsed_uses:
                        unparsed_uses[word] = bool(names_used_beyond_definition(files, {word}, read))
                result = all(unparsed_uses[word] for word in words)
        if not seen:  # a verdict reached inside a cycle may depend on where it started
            verdicts[fn.qualname] = result
        return result

    marked = []
    for site in broadcasts:
        fn = by_qualname.get(site.function)
        marked.append(site if fn is None or live(fn) else replace(site, live=False))
    return marked


def _class_method(qualname: str) -> str:
    """"pkg.mod:Outer.Cls.start" -> "Cls.start"."""
    return ".".join(qualname.rsplit(":", 1)[-1].split(".")[-2:])


def _method_of(target) -> str | None:
    """A call's target as "Class.method" when it names a method of a known class."""
    if isinstance(target, Ref) and "." in target.name:
        owner, method = target.name.rsplit(".", 2)[-2:]
        if owner[:1].isupper():
            return f"{owner}.{method}"
    return None


def _calls_other_class(caller: Function, name: str, own: str, methods: set[str]) -> bool:
    """Every call of `name` in `caller` is, by its resolved target, a method of another
    project class."""
    targets = [_method_of(c.target) for c in caller.calls if c.name == name]
    if not targets or any(t is None or t not in methods for t in targets):
        return False
    return own not in targets
