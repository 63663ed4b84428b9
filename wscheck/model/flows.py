"""Flows: every send and broadcast a function performs, directly or through project helpers.

A helper's emits are written in terms of its parameters (`Param`); at each call site the
caller's arguments are substituted, so `await self._broadcast("status_update", data)`
becomes a broadcast of "status_update" located at that call. Depth is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from wscheck.facts import Call, CallSite, Emit, EmitKind, Function, Location, LoopKind, Opaque, Param, Ref, Value, contains_param
from wscheck.model.evaluate import substitute
from wscheck.model.python_index import PythonIndex
from wscheck.resolution import bound_arguments

MAX_HELPER_DEPTH = 5


@dataclass(frozen=True)
class Trace:
    """An emit as seen from one function: arguments in that function's terms."""

    emit: Emit
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str, Value], ...]
    site: Location  # where, in the analysed function, the emit happens or the helper is called
    loop: LoopKind
    guarded: bool
    via: tuple[Location, ...]  # the helper call chain, outermost first
    annotated: tuple[str, ...] = ()  # `# wscheck: broadcasts=...` on the emit or a call on the way
    settled_below: bool = False  # the callee already knew its types: the site is recorded there
    loop_sleeps: bool = False
    loop_site: Location | None = None  # the call or emit, in the loop's own function, inside the loop


class Flows:
    def __init__(self, index: PythonIndex):
        self.index = index
        self._memo: dict[tuple[str, int], list[Trace]] = {}
        self._active: set[str] = set()

    def traces(self, function: Function, depth: int = 0) -> list[Trace]:
        key = function.qualname
        if (key, depth) in self._memo:
            return self._memo[(key, depth)]
        if key in self._active or depth > MAX_HELPER_DEPTH:
            return []  # recursion, or deeper than we follow
        self._active.add(key)
        try:
            found: list[Trace] = []
            for emit in function.emits:
                helper = self._project_helper(emit, function, depth)
                if helper is not None:  # `self._broadcast(...)` defined in the project: follow it
                    # a broadcast stays one through a helper that sends (`waiter.write_message(m)` in a
                    # fan-out loop, followed into a project's own `write_message`)
                    call = Call(**{f.name: getattr(emit, f.name) for f in fields(CallSite)}, fan_out=emit.kind is EmitKind.BROADCAST)
                    found.extend(self._through(call, helper, t) for t in self.traces(helper, depth + 1))
                else:
                    found.append(
                        Trace(
                            emit, emit.args, emit.kwargs, emit.location, emit.loop, emit.guarded, (),
                            emit.annotated_types, False, emit.loop_sleeps, emit.location if emit.loop is not LoopKind.NONE else None,
                        )
                    )
            for call in function.calls:
                callee = self.callee(call, function)
                if callee is None or callee.qualname == key:
                    continue
                for trace in self.traces(callee, depth + 1):
                    found.append(self._through(call, callee, trace))
        finally:
            self._active.discard(key)
        self._memo[(key, depth)] = found  # by depth: a deeper visit may have been cut short
        return found

    def helper_of(self, emit: Emit, caller: Function) -> Function | None:
        """The project function a send/broadcast-named call really is, if any."""
        return self._project_helper(emit, caller, 0)

    def through_method(self, emit: Emit, caller: Function) -> bool:
        """A broadcast-named call on some object (`hub.broadcast(...)`) followed into the project's
        one method of that name: it still goes through that object."""
        if isinstance(emit.target, Ref) and self.index.function(emit.target, caller.qualname.split(":", 1)[0]):
            return False
        return _attribute(emit.target) and self._project_helper(emit, caller, 0) is not None

    def _project_helper(self, emit: Emit, caller: Function, depth: int) -> Function | None:
        """A send/broadcast-named call that is really a project function with its own emits."""
        helper = None
        if isinstance(emit.target, Ref):
            helper = self.index.function(emit.target, caller.qualname.split(":", 1)[0])
        if helper is None and _attribute(emit.target):
            # `self.server.broadcast_update("gpu", data)`: an object of unknown type, a unique project method
            helper = self._unique_method(emit.name)
        if helper is None or helper.qualname == caller.qualname or depth >= MAX_HELPER_DEPTH:
            return None
        return helper if self.traces(helper, depth + 1) else None

    def callee(self, call: Call, caller: Function) -> Function | None:
        module = caller.qualname.split(":", 1)[0]
        if isinstance(call.target, Ref):
            found = self.index.function(call.target, module)
            if found is not None:
                return found
        if _attribute(call.target):  # `self.notifier.notify(...)`: an object of unknown type
            return self._unique_method(call.name)
        return None

    def _unique_method(self, name: str) -> Function | None:
        """The project's one method of that name, if it has exactly one."""
        candidates = [q for q in self.index.methods_by_name.get(name, []) if self.index.functions[q].is_method]
        return self.index.functions[candidates[0]] if len(candidates) == 1 else None

    def reachable(self, roots: list[Function]) -> list[Function]:
        """The functions `roots` call, directly or through helpers, themselves included."""
        seen: dict[str, Function] = {}
        frontier = list(roots)
        for _ in range(MAX_HELPER_DEPTH + 1):
            next_frontier = []
            for function in frontier:
                if function.qualname in seen:
                    continue
                seen[function.qualname] = function
                for call in function.calls:
                    callee = self.callee(call, function)
                    if callee is not None and callee.qualname not in seen:
                        next_frontier.append(callee)
            frontier = next_frontier
        return list(seen.values())

    def _through(self, call: Call, callee: Function, trace: Trace) -> Trace:
        """A callee's trace as seen at the call; a send by a method called on each connection
        of a collection (`for client in clients: client.on_output(text)`) is a broadcast, and
        this call is where it happens (as if the send were written here)."""
        bindings = bind_arguments(call, callee)
        inner = trace.loop is not LoopKind.NONE  # the loop is in the callee, or here at the call
        loop = trace.loop if inner else call.loop
        settled = not any(contains_param(v) for v in (*trace.args, *(v for _, v in trace.kwargs)))
        fanned_out = call.fan_out and trace.emit.kind is EmitKind.SEND
        return Trace(
            replace(trace.emit, kind=EmitKind.BROADCAST) if fanned_out else trace.emit,
            tuple(substitute(a, bindings) for a in trace.args),
            tuple((k, substitute(v, bindings)) for k, v in trace.kwargs),
            call.location,
            loop,
            trace.guarded if inner else call.guarded,
            () if fanned_out else (call.location, *trace.via),
            call.annotated_types or trace.annotated,
            (settled or trace.settled_below) and not fanned_out,
            trace.loop_sleeps if inner else call.loop_sleeps,
            trace.loop_site if inner else (call.location if call.loop is not LoopKind.NONE else None),
        )


def _attribute(target: Value | None) -> bool:
    """A method called on some object (`self.hub.send`), not a plain name."""
    return (isinstance(target, Opaque) and "." in target.text) or (isinstance(target, Ref) and "." in target.name)


def bind_arguments(call: Call, callee: Function) -> dict[Param, Value]:
    """The callee's parameters, as `substitute` takes them, bound to what the call hands them."""
    return {Param(callee.qualname, name): value for name, value in bound_arguments(call, callee).items()}
