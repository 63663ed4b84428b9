"""Loops: what kind of loop a send sits in (push, receive, batch), and the loop-state facts."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from wscheck.extract.server.plain_sockets import RECEIVE_METHODS
from wscheck.extract.server.values import called_name, dotted
from wscheck.extract.server.walk import walk
from wscheck.facts import LoopKind


class Loop:
    def __init__(self, kind: LoopKind, sleeps: bool, targets: frozenset[str], fan_out_only: bool = False):
        self.kind = kind
        self.targets = targets
        self.fan_out_only = fan_out_only  # a comprehension: names only, no repetition in time
        self.sleeps = sleeps  # the loop waits between rounds (`await asyncio.sleep(n)`)


@dataclass(frozen=True)
class LoopState:
    fan_out: bool  # the call sends to each element of the loop: a broadcast
    kind: LoopKind  # the nearest enclosing loop, fan-out loops aside
    guarded: bool  # a try/except inside that loop encloses the call
    sleeps: bool


def target_names(target: cst.BaseExpression) -> frozenset[str]:
    if isinstance(target, cst.Name):
        return frozenset({target.value})
    if isinstance(target, (cst.Tuple, cst.List)):
        names: set[str] = set()
        for element in target.elements:
            names |= target_names(element.value)
        return frozenset(names)
    return frozenset()


class _LoopFinder(cst.CSTVisitor):
    """Does a loop wait for the client (a receive call) or for time (a sleep call)?"""

    def __init__(self) -> None:
        self.receives = False
        self.sleeps = False

    def visit_Call(self, node: cst.Call) -> bool:
        name = called_name(node)
        self.receives |= name in RECEIVE_METHODS
        self.sleeps |= name == "sleep"
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False


def loop_kind(node: cst.While | cst.For) -> tuple[LoopKind, bool]:
    """(kind, sleeps): a loop that waits for the client's messages answers them; a `while`
    loop or an `async for` over a stream pushes; a plain `for` over a collection is a batch
    (a snapshot sent at connect time), not a stream of updates."""
    finder = _LoopFinder()
    walk(node, finder)
    if isinstance(node, cst.For) and node.asynchronous is not None:
        source = node.iter.func if isinstance(node.iter, cst.Call) else node.iter
        parts = dotted(source)
        if parts and any("socket" in p.lower() or p.lower() in ("ws", "conn") for p in parts):
            return LoopKind.RECEIVE, finder.sleeps
        reads = _LoopFinder()
        walk(node.iter, reads)
        # `async for event in subscription:` is driven by the stream, even when its body
        # checks that the client is still there; `async for m in ws.iter_text()` reads the client
        return (LoopKind.RECEIVE if reads.receives else LoopKind.PUSH), finder.sleeps
    elif isinstance(node, cst.For):
        return (LoopKind.RECEIVE if finder.receives else LoopKind.NONE), finder.sleeps
    return (LoopKind.RECEIVE if finder.receives else LoopKind.PUSH), finder.sleeps


def loop_state(context: list, receiver: str | None) -> LoopState:
    """Where a call stands among the loops and try blocks of its function."""
    entries = context
    for index in range(len(entries) - 1, -1, -1):
        if entries[index] == "function":
            entries = entries[index + 1 :]  # loops of an enclosing function do not count
            break
    fan_out_at = None
    if receiver is not None:
        for index in range(len(entries) - 1, -1, -1):
            entry = entries[index]
            if isinstance(entry, Loop) and receiver in entry.targets:
                fan_out_at = index
                break
    outer = entries[:fan_out_at] if fan_out_at is not None else entries
    # a try around the send inside the fan-out (`for c in clients: try: c.send(m)`) guards the outer loop too
    kind, guarded, sleeps = LoopKind.NONE, fan_out_at is not None and "try" in entries[fan_out_at:], False
    for entry in reversed(outer):
        if entry == "try":
            guarded = True
        elif isinstance(entry, Loop) and not entry.fan_out_only and entry.kind is not LoopKind.NONE:
            kind, sleeps = entry.kind, entry.sleeps
            break
    else:
        guarded = False
    return LoopState(fan_out_at is not None, kind, guarded, sleeps)
