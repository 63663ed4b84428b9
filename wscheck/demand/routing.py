"""Server demand, routing: which modules hold the routes, routers and mounts on the way to
the WebSocket routes, and the words that find the files mounting them."""

from __future__ import annotations

from wscheck.demand.loop import closure
from wscheck.facts import RETURNED, Param, PythonFacts, Ref
from wscheck.modules import ModuleNames


def route_wrappers(facts: list[PythonFacts]) -> set[str]:
    """Functions that declare a route whose handler is their own parameter."""
    return {
        decl.handler.function.rsplit(":", 1)[-1].rsplit(".", 1)[-1]
        for m in facts for decl in m.endpoints if isinstance(decl.handler, Param)
    }


def routing_modules(facts: list[PythonFacts], finder: ModuleNames) -> set[str]:
    """Modules holding WebSocket routes, their routers, and the routers that include those,
    up to the app: only their prefixes matter (an app includes dozens of HTTP routers)."""
    found = {m.module for m in facts if m.endpoints}
    found |= {loc[0] for m in facts for e in m.endpoints if isinstance(e.router, Ref) and (loc := module_of(e.router, m.module, finder))}

    def includers(known: set[str]) -> set[str]:
        return {
            m.module for m in facts for inc in m.includes
            if may_lead_to(inc, m.module, known, finder)
        }

    return closure(found, includers)


def may_lead_to(include, near: str, routing: set[str], finder: ModuleNames) -> bool:
    """Whether an include may be on the way to a WebSocket route: its child is a router
    of those modules, or something only its definition can tell (a collection included
    in a loop, a mounted sub-application, an expression)."""
    if include.each or include.mount or not isinstance(include.child, Ref):
        return True
    located = module_of(include.child, near, finder)
    return located is not None and located[0] in routing


def router_names(facts: list[PythonFacts]) -> set[bytes]:
    """The router factories on the way to WebSocket routes (`def realtime_router() -> Router`):
    a file mounting one names it. A router bound to a name is looked for by its module's name,
    as for any mount; its own name is too common a word (`router`, `app`)."""
    names = {r.ref.name[: -len(RETURNED)] for f in facts if f.endpoints or f.includes for r in f.routers if r.ref.name.endswith(RETURNED)}
    return {n.encode() for n in names if n}


def router_module_names(facts: list[PythonFacts]) -> set[bytes]:
    """Last names of modules defining WebSocket routes or the routers that include them, and
    the names of socket handlers whose routes may be written elsewhere (aiohttp's `handlers.py`
    routed in `routes.py` names `ws_handler`): by name, not by their module's, which is often
    as common a word as `server` or `utils`."""
    modules = {f.module for f in facts if f.endpoints}
    modules |= {r.module for f in facts for inc in f.includes for r in (inc.parent, inc.child) if isinstance(r, Ref)}
    modules |= {r.module for f in facts for e in f.endpoints if isinstance(r := e.router, Ref)}
    handlers = {h.handler.name.split(".")[0] for f in facts for h in f.handshakes}
    return {m.rsplit(".", 1)[-1].encode() for m in modules if m} | {h.encode() for h in handlers if h}


def module_of(ref: Ref, near: str, finder: ModuleNames) -> tuple[str, str] | None:
    """(the module a reference points into, the dotted name inside it)."""
    head, _, rest = ref.name.partition(".")
    if head:
        match = finder.find(f"{ref.module}.{head}", near)  # `from pkg import mod`, then `mod.NAME`
        if match is not None:
            return match, rest
    match = finder.find(ref.module, near)
    return (match, ref.name) if match is not None else None
