"""Handshakes: every socket the server accepts is an endpoint, whether or not its route was followed.

A framework's socket class or a function that accepts the socket it is handed (`Handshake`
facts) that no recognised route reaches becomes an endpoint with an unknown path (`*`) and
a WS002 saying what could not be followed: wscheck never prints "no endpoints" over code
that serves sockets.
"""

from __future__ import annotations

from dataclasses import replace

from wscheck.facts import EndpointDecl, Function, Handshake, Param, PythonFacts, Ref, Str, Value
from wscheck.model.entities import Unresolvable, UnresolvedSite
from wscheck.model.evaluate import substitute
from wscheck.model.flows import Flows, bind_arguments
from wscheck.model.python_index import PythonIndex

UNROUTED = "*"  # the path of an endpoint no route reaches: any path


Declared = list[tuple[PythonFacts, EndpointDecl]]


def declared_routes(modules: list[PythonFacts], index: PythonIndex, flows: Flows) -> Declared:
    """Every route as declared, with the routes a project helper declares for its callers
    (`def register_socket(app, path, handler): app.add_api_websocket_route(path, handler)`)
    taken at each call of the helper, in the caller's terms."""
    found: Declared = []
    for facts in modules:
        for decl in facts.endpoints:
            wrapper = _wrapper(decl, index)
            if wrapper is None:
                found.append((facts, decl))
                continue
            calls = list(_calls_of(wrapper, index, flows))
            if not calls:  # a helper nothing is seen calling: its route stays, path unresolved (WS002)
                found.append((facts, decl))
            for caller, call in calls:
                bindings = bind_arguments(call, wrapper)
                found.append((index.modules[caller].facts, replace(
                    decl, path=substitute(decl.path, bindings), handler=substitute(decl.handler, bindings),
                    router=substitute(decl.router, bindings) if decl.router is not None else None, location=call.location,
                )))
    return found


def _wrapper(decl: EndpointDecl, index: PythonIndex) -> Function | None:
    """The function whose parameter names the route's handler, if the route is declared in one."""
    if not isinstance(decl.handler, Param):
        return None
    return index.functions.get(decl.handler.function)


def _calls_of(wrapper: Function, index: PythonIndex, flows: Flows):
    for function in index.functions.values():
        for call in function.calls:
            if call.name == wrapper.name and flows.callee(call, function) is wrapper:
                yield function.qualname.split(":", 1)[0], call


def unrouted(modules: list[PythonFacts], index: PythonIndex, declared: Declared) -> list[tuple[PythonFacts, EndpointDecl, UnresolvedSite]]:
    """Each handshake that no route, no caller and no subclass accounts for, as a declaration
    with an unknown path and the WS002 that says so."""
    routed = _routed(declared, index)
    subclassed = _subclassed(index)
    called = {call.name for f in index.functions.values() for call in f.calls}
    called |= {emit.name for f in index.functions.values() for emit in f.emits}
    found: list[tuple[PythonFacts, EndpointDecl, UnresolvedSite]] = []
    seen: set[tuple[str, str]] = set()
    for facts in modules:
        for handshake in facts.handshakes:
            key = index.definition(handshake.handler, facts.module) or (facts.module, handshake.handler.name)
            owner = (key[0], key[1].rsplit(".", 1)[0]) if "." in key[1] else None
            name = key[1].rsplit(".", 1)[-1]
            if key in seen or key in routed or owner in routed or key in subclassed:
                continue
            if f"{key[0]}:{key[1]}" in index.functions and name in called:
                continue  # a helper some code calls (`await accept_socket(ws)`, `Session(request).run()`)
            seen.add(key)
            decl = EndpointDecl(Str(UNROUTED), None, handshake.handler, handshake.location, handshake.framework)
            found.append((facts, decl, UnresolvedSite(handshake.location, Unresolvable.ROUTE, _reason(handshake))))
    return found


def _reason(handshake: Handshake) -> str:
    return (
        f"no route to `{handshake.handler.name}` was found (it is registered through code wscheck "
        f"does not follow), so its path is unknown; it is still checked as an endpoint"
    )


def _routed(declared: Declared, index: PythonIndex) -> set[tuple[str, str]]:
    """The definitions every declared route names: handlers, entries and receivers."""
    routed: set[tuple[str, str]] = set()
    for facts, decl in declared:
        for value in (decl.handler, *decl.entries, *decl.receivers):
            for ref in _refs(value):
                found = index.definition(ref, facts.module)
                if found is not None:
                    routed.add(found)
    return routed


def _refs(value: Value):
    if isinstance(value, Ref):
        yield value
    for inner in getattr(value, "options", ()):
        yield from _refs(inner)
    cls = getattr(value, "cls", None)  # `ChatNamespace("/chat")`: the class is the handler
    if isinstance(cls, Ref):
        yield cls


def _subclassed(index: PythonIndex) -> set[tuple[str, str]]:
    """Classes the project derives from: a base consumer or handler, not a socket of its own."""
    bases: set[tuple[str, str]] = set()
    for module, entry in index.modules.items():
        for name in entry.classes:
            bases.update(index.bases(module, name))
    return bases
