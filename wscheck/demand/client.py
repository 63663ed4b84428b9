"""Client demand: start from the files that mention a socket or polling; then the modules
they import (a socket module's types file too) and the modules that call their
socket-opening or polling hooks (the hooks and components of phases 3, 4 and 7)."""

from __future__ import annotations

from typing import Callable

from wscheck.demand.loop import closure
from wscheck.demand.tasks import Task
from wscheck.discovery import SourceFile
from wscheck.facts import ClientFacts, HandledKind, Role, refs_in
from wscheck.model.message_types import MESSAGE_CONTAINER_WORDS
from wscheck.model.aliases import Aliases
from wscheck.modules import CONVENTIONAL_PATTERNS, PACKAGE_PREFIX, module_candidates, module_name, src_roots
from wscheck.search import SHARD_FILES, files_naming
from wscheck.shards import map_items


EXTRACTOR = "wscheck.extract.client.extractor:extract_client"


class ClientDemand:
    def __init__(self, files: list[SourceFile], read: Callable[[SourceFile], bytes], parts: int = 1, aliases: Aliases | None = None):
        self.files = files
        self.read = read
        self.parts = parts  # cores for a pass over every file
        self.by_module = {module_name(f.path): f for f in files}
        self.roots = src_roots(self.by_module)
        self.searched: set[str] = set()
        self.resolved: dict[tuple[str, str], SourceFile | None] = {}
        self.aliases = aliases if aliases is not None else Aliases()
        # the specifiers that may name a project module: extraction records calls through them
        self.patterns = self.aliases.patterns(self.by_module) if self.aliases.configs or self.aliases.packages else CONVENTIONAL_PATTERNS

    def initial(self) -> list[SourceFile]:
        from wscheck.extract.client.patterns import worth_parsing

        worth = map_items(lambda file: worth_parsing(self.read(file)), self.files, self.parts, SHARD_FILES)
        return [file for file, keep in zip(self.files, worth) if keep]

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
                if file is not None:
                    more.setdefault(file.path, file)
                    asked.setdefault(file.path, set()).add(ref.name.split(".")[0])
        for file in self._passed_on(facts, asked):
            more.setdefault(file.path, file)
        names = socket_hook_names(facts) - self.searched
        for file in files_naming(self.files, (n.encode() for n in names), self.read):
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
            naming = {f.path for f in files_naming(targets, (n.encode() for n in names), self.read)}
            for target in targets:
                if target.path in naming or b"export *" in self.read(target):
                    found.append(target)
                    if target.path in by_path:
                        pending.append((target.path, names))
        return found

    def _module_file(self, importer: str, module: str) -> SourceFile | None:
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
    socket_modules = {f.module for f in facts if f.sockets or any(c.callee.name in hooks for c in f.calls)}
    found = set()
    for module in facts:
        for handled in module.handled_types:
            if handled.kind is HandledKind.TYPE:
                container = (handled.container or "").lower()
                if any(word in container for word in MESSAGE_CONTAINER_WORDS):
                    found.add(handled.name)
            elif module.module in socket_modules:
                found.add(handled.name)
    return frozenset(found)


def socket_hook_names(facts: list[ClientFacts]) -> set[str]:
    """Exported functions that open a socket or poll, or call one that does: the modules
    that call them are the hooks and components of phases 3, 4 and 7."""
    seed = {(f.module, s.function) for f in facts for s in (*f.sockets, *f.polling) if s.function}

    def callers(related: set[tuple[str, str]]) -> set[tuple[str, str]]:
        names = {name for _, name in related}
        return {(f.module, c.function) for f in facts for c in f.calls if c.function and c.callee.name in names}

    related = closure(seed, callers)
    exported = {(f.module, fn.name) for f in facts for fn in f.functions if fn.exported}
    return {name for module, name in related & exported}
