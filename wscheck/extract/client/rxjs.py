"""RxJS: `interval(ms)` / `timer(0, ms)` piped through a flattening operator into an HTTP
call (Angular `HttpClient`, `fetch`, a service method)."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, callee_of, last_name, member_property, text, unwrap
from wscheck.extract.client.scope import Scope
from wscheck.facts import Ref

PACKAGE = "pkg:rxjs"
WORD = b"rxjs"
FLATTENING = frozenset({"switchMap", "mergeMap", "exhaustMap", "concatMap", "flatMap"})


def ticker(pipe_call: Node, scope: Scope, evaluator) -> tuple[Node, Node] | None:
    """(the `interval`/`timer` call, its period argument) when `pipe_call` is `<ticker>.pipe(...)`."""
    callee = callee_of(pipe_call)
    if callee is None or callee.type != "member_expression" or member_property(callee) != "pipe":
        return None
    source = unwrap(callee.child_by_field_name("object"))
    if source is None or source.type != "call_expression":
        return None
    name_node = unwrap(callee_of(source))
    if name_node is None or name_node.type != "identifier":
        return None
    value = evaluator.resolve(text(name_node), scope)
    if not isinstance(value, Ref) or value.module != PACKAGE or value.name not in ("interval", "timer"):
        return None
    arguments = source.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    index = 0 if value.name == "interval" else 1  # `timer(0)` alone fires once
    return (source, args[index]) if len(args) > index else None


def projections(pipe_call: Node, scope: Scope, evaluator) -> list[Node]:
    """The functions given to `switchMap(...)` and the like among the pipe's operators."""
    arguments = pipe_call.child_by_field_name("arguments")
    found: list[Node] = []
    for operator in arguments.named_children if arguments is not None else []:
        operator = unwrap(operator)
        if operator.type != "call_expression":
            continue
        callee = callee_of(operator)
        name = last_name(callee) if callee is not None else None
        if name not in FLATTENING:
            continue
        value = evaluator.resolve(name, scope)
        if isinstance(value, Ref) and not value.module.startswith(PACKAGE):
            continue  # a project's own `switchMap`
        inner = operator.child_by_field_name("arguments")
        if inner is not None and inner.named_children:
            found.append(inner.named_children[0])
    return found
