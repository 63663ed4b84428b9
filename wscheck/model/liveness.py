"""Liveness: a broadcast counts only if something can run it.

A broadcast in a function nothing calls, starts or registers is not broadcasting logic:
the post-mortem's fix written but never started. A function is live when it is
decorated (a route, a startup hook, a task, a signal `@receiver`), or a live parsed
function calls it or hands it to something that will (`post_save.connect(on_save)`,
`Thread(target=worker)`, `start_background_task(push)`), or — when no parsed function
does — its name appears beyond its `def` anywhere in the server code (a startup hook in
a file nothing else made us parse). What a dead function publishes to a group or
channel feeds nothing either.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from wscheck.facts import Function, Opaque, PythonFacts, Ref, iter_values
from wscheck.model.entities import BroadcastSite, Publication
from wscheck.model.texts import Questions

# Methods a framework calls on the subclasses of its classes, found by discovery rather than
# by name: Django runs each app's `AppConfig.ready()` at start-up, and a management
# command's `handle()` when cron or a deploy runs it.
FRAMEWORK_HOOKS = {"AppConfig": ("ready",), "BaseCommand": ("handle",)}


class Liveness:
    """Which parsed functions something can run, asked by qualname."""

    def __init__(self, modules: list[PythonFacts], server_files: Iterable[str], ask: Questions):
        functions = [fn for f in modules for fn in f.functions]
        self.by_qualname = {fn.qualname: fn for fn in functions}
        # app factories (`create_app()` building a FastAPI/Quart/Sanic app): the server runs them (`--factory`);
        # and the framework hooks of the classes deriving from its own
        self.factories = {f"{f.module}:{r.ref.name.rsplit('.', 1)[0]}" for f in modules for r in f.routers if r.is_app and "." in r.ref.name}
        self.factories |= {
            f"{f.module}:{c.name}.{hook}" for f in modules for c in f.classes for base in c.bases
            for hook in FRAMEWORK_HOOKS.get(_last_name(base), ())
        }
        self.callers: dict[str, list[Function]] = {}
        self.method_callers: dict[str, list[Function]] = {}  # "Class.method" -> who calls it on an instance of Class
        for fn in functions:
            for name in {c.name for c in fn.calls} | {e.name for e in fn.emits} | _handed(fn):
                self.callers.setdefault(name, []).append(fn)
            for call in fn.calls:
                owner = _method_of(call.target)
                if owner is not None:
                    self.method_callers.setdefault(owner, []).append(fn)
        self.methods = {_class_method(fn.qualname) for fn in functions if fn.is_method}
        self.files, self.ask = list(server_files), ask
        self.unparsed_uses: dict[str, bool] = {}
        self.verdicts: dict[str, bool] = {}

    def live(self, qualname: str) -> bool:
        """Unknown functions (not parsed) are given the benefit of the doubt."""
        fn = self.by_qualname.get(qualname)
        return fn is None or self._live(fn)

    def _live(self, fn: Function, seen: frozenset = frozenset()) -> bool:
        if fn.qualname in self.verdicts:
            return self.verdicts[fn.qualname]
        name = fn.name
        if fn.decorated or name.startswith("__") or fn.role is not None or fn.qualname in self.factories:  # a framework calls these
            result = True
        else:
            own = _class_method(fn.qualname)
            # `watcher.start()` on a DeploymentWatcher starts that class's `start`, not every `start`
            by_name = [c for c in self.callers.get(name, []) if not _calls_other_class(c, name, own, self.methods)]
            calling = [
                c for c in dict.fromkeys(by_name + self.method_callers.get(own, []))
                if c.qualname != fn.qualname and c.qualname not in seen
            ]
            if calling:
                result = any(self._live(c, seen | {fn.qualname}) for c in calling)
            else:
                # named in code nothing made us parse; a method also needs its class named
                # (instantiated, subclassed) somewhere: `AlertRelay().start()` or it never runs
                words = [name] + ([own.split(".")[0]] if fn.is_method and "." in own else [])
                result = all(self._named_elsewhere(word) for word in words)
        if not seen:  # a verdict reached inside a cycle may depend on where it started
            self.verdicts[fn.qualname] = result
        return result

    def _named_elsewhere(self, word: str) -> bool:
        if word not in self.unparsed_uses:
            self.unparsed_uses[word] = bool(self.ask.names_used(self.files, {word}))
        return self.unparsed_uses[word]


def mark_dead_broadcasts(broadcasts: Iterable[BroadcastSite], liveness: Liveness) -> list[BroadcastSite]:
    """The broadcasts, those in functions nothing can run marked `live=False`."""
    return [site if liveness.live(site.function) else replace(site, live=False) for site in broadcasts]


def mark_dead_publications(publications: Iterable[Publication], liveness: Liveness) -> list[Publication]:
    """The publishes and group sends, those in functions nothing can run marked `live=False`."""
    return [p if not p.function or liveness.live(p.function) else replace(p, live=False) for p in publications]


def _handed(fn: Function) -> set[str]:
    """The names of the functions a function hands to a call by reference, to be run later or
    elsewhere: a signal's `connect(handler)`, a thread's `target=`, a scheduler's job."""
    return {
        v.name.rsplit(".", 1)[-1]
        for call in fn.calls for value in (*call.args, *(v for _, v in call.kwargs))
        for v in iter_values(value) if isinstance(v, Ref) and v.name
    }


def _last_name(value) -> str:
    """`AppConfig` for `django.apps.AppConfig` however it was imported."""
    if isinstance(value, Ref):
        return (value.name or value.module).rsplit(".", 1)[-1]
    return value.text.rsplit(".", 1)[-1] if isinstance(value, Opaque) else ""


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
