"""Socket classes through project base classes: a class deriving from a socket class serves sockets too.

The extractor sees a socket class only where its base names the framework's class, or a
class of the same module that does (facts.Handshake). A team's `ChatHandler(BaseSocketHandler)`
with the base in another module is one as well: it gets its own Handshake here, and its
methods the roles the framework calls them in (facts.CALLBACK_ROLES), before the rest of
the model (routes, liveness) reads the facts.
"""

from __future__ import annotations

from dataclasses import replace

from wscheck.facts import CALLBACK_ROLES, Framework, Handshake, PythonFacts, Ref
from wscheck.model.python_index import PythonIndex

MAX_DEPTH = 8  # base classes followed up from a class


def socket_classes(index: PythonIndex, modules: list[PythonFacts]) -> dict[tuple[str, str], Framework]:
    """(module, class) -> framework, for every class with a Handshake."""
    found: dict[tuple[str, str], Framework] = {}
    for facts in modules:
        for handshake in facts.handshakes:
            where = index.definition(handshake.handler, facts.module)
            if where is not None and where[1] in index.modules[where[0]].classes:
                found.setdefault(where, handshake.framework)
    return found


def inherit_handshakes(modules: list[PythonFacts], all_modules: list[str] | None = None) -> list[PythonFacts]:
    """The facts, with a Handshake for each class deriving from a socket class through a
    project class of another module, and the roles of its framework's callback methods."""
    if not any(h.framework in CALLBACK_ROLES for facts in modules for h in facts.handshakes):
        return modules
    index = PythonIndex(modules, all_modules=all_modules)
    known = socket_classes(index, modules)
    derived: dict[tuple[str, str], Framework] = {}
    for module, entry in index.modules.items():
        for name in entry.classes:
            if (module, name) not in known:
                framework = _inherited(index, (module, name), known, 0)
                if framework is not None and framework in CALLBACK_ROLES:
                    derived[(module, name)] = framework
    if not derived:
        return modules
    return [_completed(facts, index, derived) for facts in modules]


def _inherited(index: PythonIndex, cls: tuple[str, str], known: dict, depth: int) -> Framework | None:
    if depth > MAX_DEPTH:
        return None
    for base in index.bases(*cls):
        if base == cls:
            continue
        framework = known.get(base) or _inherited(index, base, known, depth + 1)
        if framework is not None:
            return framework
    return None


def _completed(facts: PythonFacts, index: PythonIndex, derived: dict[tuple[str, str], Framework]) -> PythonFacts:
    classes = {name: framework for (module, name), framework in derived.items() if module == facts.module}
    if not classes:
        return facts
    functions = []
    for function in facts.functions:
        owner, _, method = function.qualname.split(":", 1)[1].rpartition(".")
        role = CALLBACK_ROLES[classes[owner]].get(method) if owner in classes and function.role is None else None
        functions.append(replace(function, role=role) if role is not None else function)
    handshakes = tuple(
        Handshake(Ref(facts.module, name), index.modules[facts.module].classes[name].location, framework)
        for name, framework in classes.items()
    )
    return replace(facts, functions=tuple(functions), handshakes=facts.handshakes + handshakes)
