"""Instance attributes: what `self.group_name` holds on the class an endpoint routes to.

A method written once in a project base class (a `BaseConsumer.connect` joining
`self.group_name`, sending `{"type": self.snapshot_type}`) runs on the instances of each
routed subclass, and each subclass sets the attribute its own way: a class attribute
(`group_name = "orders"`), an assignment in a method (`__init__`, or `connect` before
`super().connect()`), a property or a getter (`get_group_name()`, whose returns the
extractor records as `Class.get_group_name()`). So, for one routed class, `self.x` in any
of its methods is read on that class first, then on its bases in order.
"""

from __future__ import annotations

from wscheck.facts import Instance, Ref, Value
from wscheck.model.evaluate import MAX_DEPTH, Lookup, evaluate
from wscheck.model.python_index import PythonIndex

MAX_BASES = 8


def class_of(index: PythonIndex, handler: Value, near: str) -> tuple[str, str] | None:
    """The project class a route's handler names, if it is one."""
    found = index.definition(handler, near) if isinstance(handler, Ref) else None
    return found if found is not None and found[1] in index.modules[found[0]].classes else None


def lineage(index: PythonIndex, cls: tuple[str, str]) -> list[tuple[str, str]]:
    """The class, then its project bases depth-first, left to right (as Python's MRO goes for
    the single-inheritance chains of socket classes), each once."""
    found: list[tuple[str, str]] = []
    pending = [(cls, 0)]
    while pending:
        current, depth = pending.pop(0)
        if current in found or depth > MAX_BASES:
            continue
        found.append(current)
        pending[:0] = [(base, depth + 1) for base in index.bases(*current)]
    return found


def bound_lookup(index: PythonIndex, cls: tuple[str, str]) -> Lookup:
    """`index.lookup` with `self` bound to an instance of `cls`: `self.x` written in a method
    of `cls` or of one of its bases is looked up along `cls`'s lineage; `self.get_x()` is what
    the nearest getter of that name returns."""
    chain = lineage(index, cls)
    members = set(chain)

    def lookup(ref: Ref | Instance, depth: int):
        target = ref.cls if isinstance(ref, Instance) else ref
        if isinstance(target, Ref) and "." in target.name and depth <= MAX_DEPTH:
            owner, attr = target.name.rsplit(".", 1)
            if index.definition(Ref(target.module, owner), target.module) in members:
                key = f"{attr}()" if isinstance(ref, Instance) else attr
                for module, name in chain:
                    value = index.modules[module].symbols.get(f"{name}.{key}")
                    if value is not None:
                        return evaluate(value, lookup, depth)
        return index.lookup(ref, depth)

    return lookup
