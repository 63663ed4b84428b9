"""Server demand: start from the files a byte prefilter picks; then the modules their facts
reference, the packages a call goes through, the modules that mount their routers, and
the files that call their message-carrying helpers (which are extracted again, knowing
the helper names)."""

from __future__ import annotations

from typing import Callable

from wscheck.config import Settings
from wscheck.demand.loop import closure
from wscheck.demand.tasks import Task
from wscheck.discovery import SourceFile
from wscheck.extract.server.options import ServerOptions
from wscheck.facts import EmitKind, PythonFacts, Ref, contains_param, refs_in
from wscheck.modules import ModuleNames, python_module_name
from wscheck.search import files_naming


EXTRACTOR = "wscheck.extract.server.extractor:extract_python"


class ServerDemand:
    def __init__(self, files: list[SourceFile], settings: Settings, read: Callable[[SourceFile], bytes]):
        from wscheck.extract.server.patterns import PREFILTER, ROUTER_MOUNTS

        self.files = files
        self.read = read
        self.names = {f.path: python_module_name(f) for f in files}
        self.by_module = {self.names[f.path][0]: f for f in files}
        self.finder = ModuleNames(list(self.by_module))
        self.patterns = PREFILTER + tuple(f"{name}(".encode() for name in settings.broadcast_functions if "*" not in name)
        self.mount_patterns = ROUTER_MOUNTS
        self._mount_files: list[SourceFile] | None = None
        self.settings = settings
        self.hints: set[str] = set()  # names of project helpers that carry message types

    def initial(self) -> list[SourceFile]:
        return [f for f in self.files if any(p in self.read(f) for p in self.patterns)]

    def key(self, file: SourceFile) -> tuple[str, ...]:
        """The helper names this file calls: its skeleton keeps the functions that call them."""
        data = self.read(file)
        return tuple(sorted(h for h in self.hints if f"{h}(".encode() in data))

    def task(self, file: SourceFile, hints: tuple[str, ...]) -> Task:
        module, is_package = self.names[file.path]
        options = ServerOptions(self.settings.message_type_keys, self.settings.broadcast_functions, hints)
        return Task(file.path, self.read(file), EXTRACTOR, (module, is_package, options), repr((module, is_package, options)))

    def expand(self, extracted: list) -> tuple[dict[str, SourceFile], bool]:
        facts = [f for f in extracted if isinstance(f, PythonFacts)]
        more: dict[str, SourceFile] = {}
        for module in referenced_modules(facts, self.finder) | reexporting_packages(facts, self.finder, self.by_module):
            file = self.by_module[module]
            more.setdefault(file.path, file)
        # modules that include a router holding WebSocket routes: they hold its prefix
        if self._mount_files is None:
            self._mount_files = [f for f in self.files if any(m in self.read(f) for m in self.mount_patterns)]
        for file in files_naming(self._mount_files, router_module_names(facts), self.read):
            more.setdefault(file.path, file)
        new_hints = helper_names(facts) - self.hints
        for file in files_naming(self.files, (h.encode() for h in new_hints), self.read):
            more.setdefault(file.path, file)
        self.hints |= new_hints  # a file extracted with fewer hints is extracted again
        return more, bool(new_hints)


def referenced_modules(facts: list[PythonFacts], finder: ModuleNames) -> set[str]:
    found: set[str] = set()
    for module_facts in facts:
        for ref in refs_in(module_facts):
            if ref.module == module_facts.module:
                continue
            head = ref.name.split(".")[0] if ref.name else ""
            for candidate in (f"{ref.module}.{head}" if head else None, ref.module):
                match = finder.find(candidate, module_facts.module) if candidate else None
                if match is not None:
                    found.add(match)
                    break
    return found


def reexporting_packages(facts: list[PythonFacts], finder: ModuleNames, by_module: dict[str, SourceFile]) -> set[str]:
    """Packages whose `__init__.py` a call goes through (`from app.realtime import notify`):
    re-export hubs, usually a few imports, needed to find the helper's real module."""
    found: set[str] = set()
    for module_facts in facts:
        for function in module_facts.functions:
            for call in function.calls:
                if isinstance(call.target, Ref) and call.target.module != module_facts.module:
                    match = finder.find(call.target.module, module_facts.module)
                    if match is not None and by_module[match].path.endswith("__init__.py"):
                        found.add(match)
    return found


def router_module_names(facts: list[PythonFacts]) -> set[bytes]:
    """Last names of modules defining WebSocket routes or the routers that include them."""
    modules = {f.module for f in facts if f.endpoints}
    modules |= {r.module for f in facts for inc in f.includes for r in (inc.parent, inc.child) if isinstance(r, Ref)}
    modules |= {r.module for f in facts for e in f.endpoints if isinstance(r := e.router, Ref)}
    return {m.rsplit(".", 1)[-1].encode() for m in modules if m}


def helper_names(facts: list[PythonFacts]) -> set[str]:
    """Short names of functions whose parameters flow into a send or broadcast (files that
    call them hold the message types), and of functions that broadcast (their callers say
    whether the broadcast ever runs). By name, not by resolved call: the callers' files
    are what is being looked for, so most of them are not extracted yet."""
    functions = [fn for f in facts for fn in f.functions]
    carriers = {
        fn.name for fn in functions
        if any(e.kind is EmitKind.BROADCAST or contains_param(v) for e in fn.emits for v in (*e.args, *(kv[1] for kv in e.kwargs), None))
    }

    def callers_passing_params(known: set[str]) -> set[str]:
        return {
            fn.name for fn in functions
            if any(c.name in known and any(contains_param(v) for v in (*c.args, *(kv[1] for kv in c.kwargs))) for c in fn.calls)
        }

    return closure(carriers, callers_passing_params)
