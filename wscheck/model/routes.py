"""Routes: the full path of each endpoint, from router prefixes and include_router chains."""

from __future__ import annotations

from wscheck.facts import RETURNED, EndpointDecl, Glob, Instance, Location, OneOf, Ref, Str, Value
from wscheck.model.entities import Unresolvable, UnresolvedSite
from wscheck.model.evaluate import evaluate
from wscheck.model.python_index import PythonIndex
from wscheck.model.urls import path_matches

UNKNOWN = "*"  # an unresolvable part of a path, shown as a glob


class Routes:
    def __init__(self, index: PythonIndex):
        self.index = index
        self.unresolved: list[UnresolvedSite] = []
        self.prefix_of: dict[tuple[str, str], tuple[Value | None, Location]] = {}
        self.apps: set[tuple[str, str]] = set()
        self.includes: list[tuple[tuple | None, tuple | None, Value | None, Location, bool, bool]] = []
        self.dynamic_includes: list[Location] = []  # include_router(m.router) in a loop: child unknown
        self.groups: dict[tuple[str, str], list[tuple[Value, str]]] = {}  # ROUTERS = [a.router, b.router]
        for module, entry in index.modules.items():
            for router in entry.facts.routers:
                key = self._canonical(router.ref, module)
                if key is not None:
                    self.prefix_of[key] = (router.prefix, router.location)
                    if router.is_app:
                        self.apps.add(key)
            for group in entry.facts.router_groups:
                key = self._canonical(group.ref, module)
                if key is not None:
                    self.groups[key] = [(member, module) for member in group.members]
        for module, entry in index.modules.items():
            for include in entry.facts.includes:
                parent = self._canonical(include.parent, module)
                children = self._children(include.child, module, include.each)
                for child in children:
                    self.includes.append((parent, child, include.prefix, include.location, include.mount, include.overrides))
                if not children and not include.mount:  # a mount of static files is no router
                    self.dynamic_includes.append(include.location)

    def _canonical(self, value: Value | None, module: str) -> tuple[str, str] | None:
        if not isinstance(value, Ref):
            return None
        return self.index.definition(value, module)

    def _children(self, value: Value, module: str, each: bool) -> list[tuple[str, str]]:
        """The routers an include names: one, one of several (`for r in (a.router, b.router)`),
        or each member of a module-level collection a loop walks (`for r in ROUTERS`)."""
        options = value.options if isinstance(value, OneOf) else (value,)
        found: list[tuple[str, str]] = []
        for option in options:
            option, near = self._bound_call(option, module)
            if isinstance(option, Instance) and isinstance(option.cls, Ref):  # `create_api_app(...)`: the apps it builds
                found += self._factory_apps(option.cls, near)
                continue
            key = self._router_key(option, module)
            if key is None:
                continue
            if each:
                members = self.groups.get(key)
                if members is None:
                    return []  # a collection wscheck cannot read: the include cannot be followed
                found += [k for k in (self._canonical(m, near) for m, near in members) if k is not None]
            else:
                found.append(key)
        return list(dict.fromkeys(found))

    def _bound_call(self, value: Value, module: str) -> tuple[Value, str]:
        """`api = make_api_router()` at module level, then `app.mount("/api", api)`: the call."""
        key = self._canonical(value, module)
        if key is None or key in self.prefix_of:
            return value, module
        bound = self.index.modules[key[0]].symbols.get(key[1])
        return (bound, key[0]) if isinstance(bound, Instance) else (value, module)

    def _router_key(self, value: Value, module: str) -> tuple[str, str] | None:
        """`Mount("/api", routes=ws.router.routes)`: a router's `routes` are that router's."""
        key = self._canonical(value, module)
        if key is not None and key not in self.prefix_of and key[1].endswith(".routes"):
            owner = (key[0], key[1].rsplit(".", 1)[0])
            return owner if owner in self.prefix_of else key
        return key

    def _factory_apps(self, factory: Ref, module: str) -> list[tuple[str, str]]:
        """What a factory's call stands for: the router it returns (`return Router(routes=[...])`),
        or else the apps it builds."""
        key = self._canonical(factory, module)
        if key is None or f"{key[0]}:{key[1]}" not in self.index.functions:
            return []
        returned = (key[0], key[1] + RETURNED)
        if returned in self.prefix_of:
            return [returned]
        return [k for k in self.prefix_of if k[0] == key[0] and k[1].startswith(key[1] + ".") and k in self.apps]

    def text(self, value: Value | None, location: Location, what: Unresolvable) -> str:
        if value is None:
            return ""
        outcomes = evaluate(value, self.index.lookup)
        for outcome in outcomes:
            if isinstance(outcome, Str):
                return outcome.text
            if isinstance(outcome, Glob):  # `f"{prefix_from_settings()}/chat/"`: marked, and said
                self.unresolved.append(UnresolvedSite(
                    location, what, f"part of it is computed at run time; it is shown as `{outcome.pattern}`",
                ))
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
                return [UNKNOWN + own]  # marked, never silently shortened
            if router[1].endswith(RETURNED) and router not in self.apps:
                factory = router[1][: -len(RETURNED)]
                self.unresolved.append(UnresolvedSite(
                    own_location, Unresolvable.MOUNT_PREFIX,
                    f"the router `{factory}()` returns is mounted nowhere wscheck can follow, so its prefix is unknown",
                ))
                return [UNKNOWN + own]
            return [own]
        paths: list[str] = []
        for parent, _, prefix, location, mount, overrides in parents:
            include_prefix = self.text(prefix, location, Unresolvable.MOUNT_PREFIX if mount else Unresolvable.INCLUDE_PREFIX)
            for outer in self.prefixes(parent, seen | {router}):
                paths.append(outer + include_prefix + ("" if overrides else own))
        return list(dict.fromkeys(paths))

    def full_paths(self, decl: EndpointDecl, module: str) -> list[tuple[str, str]]:
        """[(full path, declared path)]: one per way the router is mounted."""
        declared = self.text(decl.path, decl.location, Unresolvable.ENDPOINT_PATH)
        mount = self.text(decl.mount_prefix, decl.location, Unresolvable.MOUNT_PREFIX) if decl.mount_prefix else ""
        router = self._canonical(decl.router, module)
        paths = [prefix + mount + declared for prefix in self.prefixes(router)]
        known = [p for p in paths if UNKNOWN not in p]
        # `if BASE: app.mount(BASE.value(), ...) else: app.mount("/api", ...)`: the known
        # branch stands for the endpoint (the other one is a WS002); with no known branch the
        # path stays marked, never shortened
        paths = [p for p in paths if UNKNOWN not in p or not any(path_matches(k, p) for k in known)]
        return [(path, declared) for path in paths]
