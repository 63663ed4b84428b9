"""Client demand: start from the files that mention a socket or polling; then the modules
they import (a socket module's types file too) and the modules that call their
socket-opening or polling hooks (the hooks and components of phases 3, 4 and 7). A file
that shows it is build output (a bundle, a minified or compiled copy) is never parsed:
it is set aside, with why, as the prefilter or the demand comes to it."""

from __future__ import annotations

from wscheck.demand.loop import closure
from wscheck.demand.tasks import Task
from wscheck.discovery import SourceFile
from wscheck.facts import APP_HANDLE, Belief, ClientFacts, Role, refs_in
from wscheck.model.aliases import Aliases
from wscheck.modules import (
    CONVENTIONAL_PATTERNS, NUXT_CONFIG, PACKAGE_PREFIX, module_candidates, module_name, nuxt_config, src_roots,
)
from wscheck.executor import Executor
from wscheck.resolution import concerns_socket
from wscheck.search import Search
from wscheck.vendored import Skipped


EXTRACTOR = "wscheck.extract.client.extractor:extract_client"


class ClientDemand:
    def __init__(self, files: list[SourceFile], search: Search[SourceFile], executor: Executor, aliases: Aliases | None = None):
        self.files = files
        self.search = search
        self.read = search.read
        self.executor = executor  # for the pass over every file
        self.by_module = {module_name(f.path): f for f in files}
        self.roots = src_roots(self.by_module)
        self.searched: set[str] = set()
        self.resolved: dict[tuple[str, str], SourceFile | None] = {}
        self.aliases = aliases if aliases is not None else Aliases()
        # the specifiers that may name a project module: extraction records calls through them
        self.patterns = self.aliases.patterns(self.by_module) if self.aliases.configs or self.aliases.packages else CONVENTIONAL_PATTERNS
        self.built: dict[str, Skipped] = {}  # by path: files set aside as build output
        self._judged: set[str] = set()

    def initial(self) -> list[SourceFile]:
        from wscheck.extract.client.patterns import built, worth_parsing

        def verdict(file: SourceFile) -> str | bool:
            """False: not worth parsing; True: worth it; a reason: build output."""
            source = self.read(file)
            if not worth_parsing(source, bundles=file.included):
                return False
            return True if file.included else built(source) or True

        verdicts = self.executor.map_items(verdict, self.files, "prefilter")
        for file, found in zip(self.files, verdicts):
            if found is not False:
                self._judged.add(file.path)
            if isinstance(found, str):
                self.built[file.path] = Skipped(file.path, found)
        return [file for file, found in zip(self.files, verdicts) if found is True]

    def _source(self, file: SourceFile) -> bool:
        """Not build output (looked at once, when the demand first comes to the file)."""
        if file.path not in self._judged:
            from wscheck.extract.client.patterns import built

            self._judged.add(file.path)
            reason = None if file.included else built(self.read(file))
            if reason is not None:
                self.built[file.path] = Skipped(file.path, reason)
        return file.path not in self.built

    def key(self, file: SourceFile) -> None:
        return None  # a client file's facts depend on its bytes alone

    def task(self, file: SourceFile, key: None) -> Task:
        from wscheck.extract.client.patterns import FACTS_VERSION

        salt = FACTS_VERSION if self.patterns == CONVENTIONAL_PATTERNS else f"{FACTS_VERSION}:{','.join(self.patterns)}"
        return Task(file.path, self.read(file), EXTRACTOR, (Role.CLIENT, self.patterns), salt)

    def expand(self, extracted: list) -> tuple[dict[str, SourceFile], bool]:
        facts = [f for f in extracted if isinstance(f, ClientFacts)]
        more: dict[str, SourceFile] = {}
        asked: dict[str, set[str]] = {}  # file -> the names other files take from it
        for module_facts in facts:
            refs = list(refs_in(module_facts))
            if module_facts.sockets or module_facts.handled_types:  # its message types may live in a types file
                refs += [ref for _, ref in module_facts.imports]
            for ref in refs:
                file = self._module_file(module_facts.path, ref.module)
                if file is not None and self._source(file):
                    more.setdefault(file.path, file)
                    asked.setdefault(file.path, set()).add(ref.name.split(".")[0])
        for file in self._passed_on(facts, asked):
            if self._source(file):
                more.setdefault(file.path, file)
        names = socket_hook_names(facts) - self.searched
        for file in self.search.naming(self.files, (n.encode() for n in names)):
            if self._source(file):
                more.setdefault(file.path, file)
        self.searched |= names
        return more, False

    def _passed_on(self, facts: list[ClientFacts], asked: dict[str, set[str]]) -> list[SourceFile]:
        """What barrels pass on of the names asked of them: the module a name is re-exported
        from (`export { x } from './x'`, known from the barrel's facts), and the modules
        they star-export (`export * from './x'`) that name one (a word search, no parse);
        barrels among them are asked the same names in turn, each barrel once per name."""
        by_path = {f.path: f for f in facts}
        found: list[SourceFile] = []
        pending = [(path, names) for path, names in asked.items() if by_path.get(path) is not None]
        seen: set[tuple[str, str]] = set()
        while pending:
            path, names = pending.pop()
            barrel = by_path[path]
            names = {n for n in names if (path, n) not in seen}
            seen.update((path, n) for n in names)
            for local, ref in barrel.imports:
                target = self._module_file(barrel.path, ref.module) if local in names else None
                if target is not None:
                    found.append(target)
                    if target.path in by_path:
                        pending.append((target.path, {ref.name}))
            own = {n for n, _ in barrel.imports} | {f.name for f in barrel.functions} | {n for n, _ in barrel.constants}
            names -= own | {"default", "*"}
            targets = [f for star in barrel.star_exports if (f := self._module_file(barrel.path, star.module)) is not None]
            if not names or not targets:
                continue
            naming = {f.path for f in self.search.naming(targets, (n.encode() for n in names))}
            for target in targets:
                if target.path in naming or b"export *" in self.read(target):
                    found.append(target)
                    if target.path in by_path:
                        pending.append((target.path, names))
        return found

    def _module_file(self, importer: str, module: str) -> SourceFile | None:
        if module == NUXT_CONFIG:
            config = nuxt_config(self.by_module)
            return self.by_module[config] if config is not None else None
        if module.startswith(PACKAGE_PREFIX):
            key = (importer, module)  # every round asks again about every file read so far
            if key not in self.resolved:
                found = self.aliases.resolve(importer, module, self.by_module, self.roots).module
                self.resolved[key] = self.by_module[found] if found is not None else None
            return self.resolved[key]
        for candidate in module_candidates(module, self.roots):
            if candidate in self.by_module:
                return self.by_module[candidate]
        return None


def socket_handled_types(extracted: list) -> frozenset[str]:
    """The message types the client handles around its sockets (what WS104 checks): the
    server side looks for what sends or broadcasts them."""
    facts = [f for f in extracted if isinstance(f, ClientFacts)]
    hooks = socket_hook_names(facts)
    socket_modules = {
        f.module for f in facts
        if f.sockets or any(c.callee.name in hooks for c in f.calls) or any(_uses_socket(u, hooks) for u in f.uses)
    }
    return frozenset(h.name for f in facts for h in f.handled_types if concerns_socket(h, f.module in socket_modules))


def socket_hook_names(facts: list[ClientFacts]) -> set[str]:
    """Exported functions that open a socket or poll, or call one that does, and the
    bindings and classes that hold a socket or use one (an imported `socket`, a service
    injected with one, a handle a plugin installs): the modules that name them are the
    hooks and components of phases 3, 4 and 7. Also each `$name` a plugin provides."""
    # A wrapper passing its options on to a data library polls only where a caller gives
    # the interval, and such callers name the option: their own bytes bring them in.
    seed = {(f.module, s.function) for f in facts for s in f.sockets if s.function}
    seed |= {(f.module, s.function) for f in facts for s in f.polling if s.function and s.belief is not Belief.FORWARDED}
    seed |= {(f.module, s.binding) for f in facts for s in f.sockets if s.binding and s.binding != "default"}
    seed |= {(f.module, u.holder) for f in facts for u in f.uses if u.holder and u.target.module == APP_HANDLE}

    def users(related: set[tuple[str, str]]) -> set[tuple[str, str]]:
        names = {name for _, name in related}
        found = {(f.module, c.function) for f in facts for c in f.calls if c.function and c.callee.name in names}
        return found | {(f.module, u.holder) for f in facts for u in f.uses if u.holder and u.target.name in names}

    related = closure(seed, users)
    functions = {(f.module, fn.name): fn.exported for f in facts for fn in f.functions}
    names = {name for key in related if functions.get(key, True) for name in [key[1]] if name != "default"}
    handles = {h for f in facts for s in f.sockets for h in s.provides} | {h for f in facts for p in f.provides for h in p.handles}
    return names | {h for h in handles if h.startswith("$")}


def _uses_socket(use, hooks: set[str]) -> bool:
    return use.target.module == APP_HANDLE or use.target.name in hooks
