"""Client demand: start from the files that mention a socket or polling; then the modules
they import (a socket module's types file too) and the modules that call their
socket-opening or polling hooks (the hooks and components of phases 3, 4 and 7). A file
that shows it is build output (a bundle, a minified or compiled copy) is never parsed:
it is set aside, with why, as the prefilter or the demand comes to it."""

from __future__ import annotations

from typing import Callable

from wscheck.demand.loop import closure
from wscheck.demand.tasks import Task
from wscheck.discovery import SourceFile
from wscheck.facts import ClientFacts, HandledKind, Role, refs_in
from wscheck.model.message_types import MESSAGE_CONTAINER_WORDS
from wscheck.modules import module_candidates, module_name, src_roots
from wscheck.search import SHARD_FILES, files_naming
from wscheck.shards import map_items
from wscheck.vendored import Skipped


EXTRACTOR = "wscheck.extract.client.extractor:extract_client"


class ClientDemand:
    def __init__(self, files: list[SourceFile], read: Callable[[SourceFile], bytes], parts: int = 1):
        self.files = files
        self.read = read
        self.parts = parts  # cores for a pass over every file
        self.by_module = {module_name(f.path): f for f in files}
        self.roots = src_roots(self.by_module)
        self.searched: set[str] = set()
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

        verdicts = map_items(verdict, self.files, self.parts, SHARD_FILES)
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

        return Task(file.path, self.read(file), EXTRACTOR, (Role.CLIENT,), FACTS_VERSION)

    def expand(self, extracted: list) -> tuple[dict[str, SourceFile], bool]:
        facts = [f for f in extracted if isinstance(f, ClientFacts)]
        more: dict[str, SourceFile] = {}
        for module_facts in facts:
            refs = list(refs_in(module_facts))
            if module_facts.sockets or module_facts.handled_types:  # its message types may live in a types file
                refs += [ref for _, ref in module_facts.imports]
            for ref in refs:
                file = self._module_file(ref.module)
                if file is not None and self._source(file):
                    more.setdefault(file.path, file)
        names = socket_hook_names(facts) - self.searched
        for file in files_naming(self.files, (n.encode() for n in names), self.read):
            if self._source(file):
                more.setdefault(file.path, file)
        self.searched |= names
        return more, False

    def _module_file(self, module: str) -> SourceFile | None:
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
