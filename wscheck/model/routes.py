"""Routes: the full path of each endpoint, from router prefixes and include_router chains."""

from __future__ import annotations

from wscheck.facts import EndpointDecl, Glob, Location, Ref, Str, Value
from wscheck.model.entities import Unresolvable, UnresolvedSite
from wscheck.model.evaluate import evaluate
from wscheck.model.python_index import PythonIndex

UNKNOWN = "*"  # an unresolvable part of a path, shown as a glob


class Routes:
    def __init__(self, index: PythonIndex):
        self.index = index
        self.unresolved: list[UnresolvedSite] = []
        self.prefix_of: dict[tuple[str, str], tuple[Value | None, Location]] = {}
        self.apps: set[tuple[str, str]] = set()
        self.includes: list[tuple[tuple | None, tuple | None, Value | None, Location]] = []
        self.dynamic_includes: list[Location] = []  # include_router(m.router) in a loop: child unknown
        for module, entry in index.modules.items():
            for router in entry.facts.routers:
                key = self._canonical(router.ref, module)
                if key is not None:
                    self.prefix_of[key] = (router.prefix, router.location)
                    if router.is_app:
                        self.apps.add(key)
            for include in entry.facts.includes:
                parent = self._canonical(include.parent, module)
                child = self._canonical(include.child, module)
                self.includes.append((parent, child, include.prefix, include.location))
                if child is None:
                    self.dynamic_includes.append(include.location)

    def _canonical(self, value: Value | None, module: str) -> tuple[str, str] | None:
        if not isinstance(value, Ref):
            return None
        return self.index.definition(value, module)

    def text(self, value: Value | None, location: Location, what: Unresolvable) -> str:
        if value is None:
            return ""
        outcomes = evaluate(value, self.index.lookup)
        for outcome in outcomes:
            if isinstance(outcome, Str):
                return outcome.text
            if isinstance(outcome, Glob):
                return outcome.pattern
        reason = getattr(outcomes[0], "reason", "not a constant") if outcomes else "not a constant"
        self.unresolved.append(UnresolvedSite(location, what, reason))
        return UNKNOWN

    def prefixes(self, router: tuple[str, str] | None, seen: frozenset = frozenset()) -> list[str]:
        if router is None or router in seen:
            return [""]
        own_value, own_location = self.prefix_of.get(router, (None, None))
        own = self.text(own_value, own_location, Unresolvable.ROUTER_PREFIX) if own_value is not None else ""
        parents = [inc for inc in self.includes if inc[1] == router]
        if not parents:
            if self.dynamic_includes and router not in self.apps:
                where = self.dynamic_includes[0]
                self.unresolved.append(UnresolvedSite(
                    own_location or where, Unresolvable.ROUTER_PREFIX,
                    f"`{router[1]}` is not included by name; the include_router at {where.file}:{where.line} "
                    "cannot be followed, so its prefix is unknown",
                ))
            return [own]
        paths: list[str] = []
        for parent, _, prefix, location in parents:
            include_prefix = self.text(prefix, location, Unresolvable.INCLUDE_PREFIX)
            for outer in self.prefixes(parent, seen | {router}):
                paths.append(outer + include_prefix + own)
        return list(dict.fromkeys(paths))

    def full_paths(self, decl: EndpointDecl, module: str) -> list[tuple[str, str]]:
        """[(full path, declared path)]: one per way the router is mounted."""
        declared = self.text(decl.path, decl.location, Unresolvable.ENDPOINT_PATH)
        mount = self.text(decl.mount_prefix, decl.location, Unresolvable.MOUNT_PREFIX) if decl.mount_prefix else ""
        router = self._canonical(decl.router, module)
        return [(prefix + mount + declared, declared) for prefix in self.prefixes(router)]
