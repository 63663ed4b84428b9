"""Mounts: the Starlette route containers around a call, and the router they hang from.

A `WebSocketRoute` may sit inside `Mount("/p", routes=[...])`, inside a `Router(routes=[...])`
mounted as an app, inside a route list bound to a name, or inside `app.mount("/p", ...)`.
What decides its full path is the nearest container that has a name (a router or list
bound to a variable, or returned by a factory function) and the mount prefixes between.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from wscheck.extract.server.values import called_name, dotted
from wscheck.facts import Value

# calls whose presence makes a list literal a route table
ROUTE_ENTRIES = frozenset({"WebSocketRoute", "Route", "Mount", "Host", "APIWebSocketRoute", "APIRoute"})


@dataclass
class Frame:
    node: cst.CSTNode
    prefix: cst.BaseExpression | None  # a mount's path
    owner: Value | None  # the router this container is (or is mounted on)


class Containers:
    """The stack of route containers being visited, innermost last."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self.bound: dict[int, Value] = {}  # id(node) of a router call or route list -> the name it is bound to

    def bind(self, node: cst.CSTNode, owner: Value) -> None:
        self.bound[id(node)] = owner

    def push(self, node: cst.CSTNode, prefix: cst.BaseExpression | None, owner: Value | None = None) -> None:
        self.frames.append(Frame(node, prefix, owner if owner is not None else self.bound.get(id(node))))

    def pop(self, node: cst.CSTNode) -> None:
        if self.frames and self.frames[-1].node is node:
            self.frames.pop()

    def around(self) -> tuple[Value | None, list[cst.BaseExpression]]:
        """(the nearest named router, the mount prefixes inside it, outermost first)."""
        prefixes: list[cst.BaseExpression] = []
        for frame in reversed(self.frames):
            if frame.prefix is not None:
                prefixes.append(frame.prefix)
            if frame.owner is not None:
                return frame.owner, prefixes[::-1]
        return None, prefixes[::-1]


def route_table(node: cst.BaseExpression) -> bool:
    """`[Route(...), WebSocketRoute(...), Mount(...)]` or `[*api.routes, ...]`: a list of routes."""
    if not isinstance(node, (cst.List, cst.Tuple)):
        return False
    return any(
        (isinstance(e, cst.StarredElement) and _routes_like(e.value))
        or (isinstance(e.value, cst.Call) and called_name(e.value) in ROUTE_ENTRIES)
        for e in node.elements
    )


def _routes_like(node: cst.BaseExpression) -> bool:
    """`*api.routes`, `*ws_routes`: a name that says routes (`*VLLM_FIELDS` in a tuple of
    settings is no route list)."""
    parts = dotted(node) or []
    return bool(parts) and "route" in parts[-1].lower()


def route_sources(node: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The route collections a `routes=` argument takes from elsewhere, not written inline:
    `routes=api.routes`, `routes=[*ws.router.routes, Route(...)]`, `routes=a.routes + b.routes`."""
    if node is None:
        return []
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return route_sources(node.left) + route_sources(node.right)
    if isinstance(node, (cst.List, cst.Tuple)):
        return [e.value for e in node.elements if isinstance(e, cst.StarredElement) and _routes_like(e.value)]
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call)):
        return [node]
    return []
