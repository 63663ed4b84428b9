"""Engine: discover → extract (demand-driven) → build the project model → report.

Most files never reach a parser: a byte prefilter picks the server and client files that
mention something relevant; modules they reference, and files that call the project's
message-carrying helpers, are pulled in on demand until nothing new is needed.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Callable

from wscheck.config import Settings
from wscheck.discovery import SourceFile, discover
from wscheck.facts import ClientFacts, EmitKind, Location, ParseFailure, PythonFacts, Ref, Role, Suppression, contains_param, refs_in
from wscheck.model.entities import Project
from wscheck.model.mentions import find_mentions
from wscheck.model.queries import needles
from wscheck.report import Report, build_report
from wscheck.extract.client.paths import module_candidates
from wscheck.search import files_naming, names_used_beyond_definition, words_named

MAX_ROUNDS = 8
CLIENT_PREFILTER = (b"WebSocket", b"refetchInterval", b"socket.io", b"wscheck:")


class _Sources:
    """File bytes, read once; an unreadable file becomes a ParseFailure."""

    def __init__(self) -> None:
        self.cache: dict[str, bytes] = {}
        self.failures: dict[str, ParseFailure] = {}

    def read(self, file: SourceFile) -> bytes:
        if file.path not in self.cache:
            try:
                with open(file.abspath, "rb") as handle:
                    self.cache[file.path] = handle.read()
            except OSError as error:
                self.cache[file.path] = b""
                self.failures[file.path] = ParseFailure(file.path, Location(file.path, 1, 1), f"cannot read: {error.strerror}")
        return self.cache[file.path]


def python_module_name(file: SourceFile) -> tuple[str, bool]:
    """(dotted module name, is a package) from the path under its scan root."""
    rel = Path(file.abspath).relative_to(file.scan_root) if file.abspath.startswith(file.scan_root) else Path(file.path)
    parts = [p for p in rel.with_suffix("").parts if p not in ("", ".", "..")]
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts) or rel.stem, is_package


Progress = Callable[[str, int, "int | None"], None]  # (what, done, total or None): for a progress bar


def scan(paths: list[Path], settings: Settings, cwd: str, progress: Progress | None = None) -> Report:
    discovery = discover(paths, settings, cwd)
    by_role: dict[Role, list[SourceFile]] = {role: [] for role in Role}
    for file in discovery.files:
        by_role[file.role].append(file)
    sources = _Sources()
    if progress is not None:  # every source file is read for the prefilter anyway: read them here
        code = by_role[Role.SERVER] + by_role[Role.CLIENT]
        for done, file in enumerate(code, start=1):
            sources.read(file)
            if done % 250 == 0 or done == len(code):
                progress("Reading sources", done, len(code))
        progress("Analysing", 0, None)
    server = _extract_server(by_role[Role.SERVER], settings, sources)
    client = _extract_client(by_role[Role.CLIENT], sources)
    all_modules = [python_module_name(f)[0] for f in by_role[Role.SERVER]]
    project = _build_project(server, client, settings, all_modules)
    project.broadcasts = _mark_dead_broadcasts(project.broadcasts, server, by_role[Role.SERVER], sources)
    broadcast_names = {t.name.encode() for b in project.broadcasts for t in b.types if not t.glob}
    project.client_mentions = {  # conservative for WS105: a type named anywhere in client code
        name.decode() for name in words_named(by_role[Role.CLIENT], broadcast_names, sources.read)
    }
    project.failures = sorted(
        [f for f in (*server, *client) if isinstance(f, ParseFailure)] + list(sources.failures.values()),
        key=lambda f: f.location,
    )
    project.files_scanned = len(discovery.files)
    project.server_files = len(by_role[Role.SERVER])
    project.client_files = len(by_role[Role.CLIENT])
    project.test_files = len(by_role[Role.TEST])
    project.doc_files = len(by_role[Role.DOC])
    wanted = {n for endpoint in project.endpoints for n in needles(endpoint, settings)}
    project.test_mentions = find_mentions(by_role[Role.TEST], wanted)
    project.doc_mentions = find_mentions(by_role[Role.DOC], wanted)
    suppressions: dict[str, tuple[Suppression, ...]] = {
        f.path: f.suppressions for f in (*server, *client) if not isinstance(f, ParseFailure) and f.suppressions
    }
    under_root = {f.path: os.path.relpath(f.abspath, f.scan_root).replace(os.sep, "/") for f in discovery.files}
    return build_report(
        project, settings, suppressions, discovery.problems, _line_reader(sources, discovery.files),
        lambda path: under_root.get(path, path),
    )


def _line_reader(sources: _Sources, files: tuple[SourceFile, ...]):
    """`(file, line) -> text` over the bytes already read (others are read on demand)."""
    by_path = {f.path: f for f in files}
    lines: dict[str, list[bytes]] = {}

    def source_line(path: str, line: int) -> str:
        if path not in lines:
            file = by_path.get(path)
            lines[path] = (sources.read(file) if file is not None else b"").splitlines()
        text = lines[path][line - 1] if 0 < line <= len(lines[path]) else b""
        return text.decode("utf-8", "replace")

    return source_line


def _build_project(server, client, settings: Settings, all_modules: list[str]) -> Project:
    from wscheck.model.client import ClientIndex, build_polling, build_sockets, build_usages
    from wscheck.model.entities import SilentClientHandler, UnresolvedSite
    from wscheck.model.server import build_server

    python = [f for f in server if isinstance(f, PythonFacts)]
    model = build_server(python, settings, all_modules)
    index = ClientIndex([f for f in client if isinstance(f, ClientFacts)])
    sockets = build_sockets(index)
    unresolved_urls = [
        UnresolvedSite(s.location, "socket URL", "built at run time (a function call or an unknown value)")
        for s in sockets if s.url is None
    ]
    return Project(
        endpoints=model.endpoints,
        broadcasts=model.broadcasts,
        unresolved=sorted(model.unresolved + unresolved_urls, key=lambda u: (u.location, u.what)),
        unguarded_loops=model.unguarded_loops,
        silent_errors=model.silent_errors,
        broadcast_receivers=model.broadcast_receivers,
        sockets=sockets,
        polling=build_polling(index),
        handled_types=sorted((h for f in index.modules.values() for h in f.handled_types), key=lambda h: h.location),
        silent_client_handlers=sorted(
            (SilentClientHandler(h.location, h.event) for f in index.modules.values() for h in f.empty_handlers),
            key=lambda h: h.location,
        ),
        usages=build_usages(index, sockets),
    )


# --- server: prefilter, then modules and helpers on demand --------------------------


def _extract_server(files: list[SourceFile], settings: Settings, sources: _Sources) -> list:
    if not files:
        return []
    from wscheck.extract.server.patterns import PREFILTER, ROUTER_MOUNTS
    from wscheck.model.python_index import ModuleNames

    names = {f.path: python_module_name(f) for f in files}
    by_module = {names[f.path][0]: f for f in files}
    finder = ModuleNames(list(by_module))
    patterns = PREFILTER + tuple(f"{name}(".encode() for name in settings.broadcast_functions if "*" not in name)
    wanted = {f.path: f for f in files if any(p in sources.read(f) for p in patterns)}
    if not wanted:
        return []  # nothing relevant: libcst is never imported
    mount_files = [f for f in files if any(m in sources.read(f) for m in ROUTER_MOUNTS)]
    from wscheck.extract.server.extractor import ServerOptions, extract_python

    options = ServerOptions(settings.message_type_keys, settings.broadcast_functions)
    extracted: dict[str, tuple[tuple[str, ...], object]] = {}
    hints: set[str] = set()
    for _ in range(MAX_ROUNDS):
        for path, file in sorted(wanted.items()):
            data = sources.read(file)
            file_hints = tuple(sorted(h for h in hints if f"{h}(".encode() in data))
            if path in extracted and extracted[path][0] == file_hints:
                continue
            module, is_package = names[path]
            extracted[path] = (file_hints, extract_python(path, module, is_package, data, replace(options, hints=file_hints)))
        facts = [f for _, f in extracted.values() if isinstance(f, PythonFacts)]
        more = dict(wanted)
        for module in _referenced_modules(facts, finder) | _reexporting_packages(facts, finder, by_module):
            file = by_module[module]
            more.setdefault(file.path, file)
        # modules that include a router holding WebSocket routes: they hold its prefix
        for file in files_naming(mount_files, _router_module_names(facts), sources.read):
            more.setdefault(file.path, file)
        new_hints = helper_names(facts) - hints
        for file in files_naming(files, (h.encode() for h in new_hints), sources.read):
            more.setdefault(file.path, file)
        if not new_hints and more.keys() == wanted.keys():
            break
        wanted, hints = more, hints | new_hints
        # a file already extracted with fewer hints is re-extracted on the next round
    return [f for _, f in extracted.values()]


def _referenced_modules(facts: list[PythonFacts], finder) -> set[str]:
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


def _reexporting_packages(facts: list[PythonFacts], finder, by_module: dict[str, SourceFile]) -> set[str]:
    """Packages whose `__init__.py` a call goes through (`from app.realtime import notify`):
    re-export hubs, usually a few imports, needed to find the helper's real module."""
    found: set[str] = set()
    for module_facts in facts:
        for function in module_facts.functions:
            for call in function.calls:
                if isinstance(call.callee, Ref) and call.callee.module != module_facts.module:
                    match = finder.find(call.callee.module, module_facts.module)
                    if match is not None and by_module[match].path.endswith("__init__.py"):
                        found.add(match)
    return found


def _mark_dead_broadcasts(broadcasts, server_facts, files: list[SourceFile], sources: _Sources):
    """A broadcast in a function nothing calls, starts or registers is not broadcasting
    logic: the post-mortem's fix written but never started. A function is live when it is
    decorated (a route, a startup hook, a task), or a live parsed function calls it, or —
    when no parsed function calls it — its name appears beyond its `def` anywhere in the
    server code (a startup hook in a file nothing else made us parse)."""
    functions = [fn for f in server_facts if isinstance(f, PythonFacts) for fn in f.functions]
    by_qualname = {fn.qualname: fn for fn in functions}
    callers: dict[str, list] = {}
    for fn in functions:
        for name in {c.method for c in fn.calls} | {e.callee for e in fn.emits}:
            callers.setdefault(name, []).append(fn)
    unparsed_uses: dict[str, bool] = {}
    verdicts: dict[str, bool] = {}

    def live(fn, seen: frozenset = frozenset()) -> bool:
        if fn.qualname in verdicts:
            return verdicts[fn.qualname]
        name = fn.name
        if fn.decorated or name.startswith("__"):
            result = True
        else:
            calling = [c for c in callers.get(name, []) if c.qualname != fn.qualname and c.qualname not in seen]
            if calling:
                result = any(live(c, seen | {fn.qualname}) for c in calling)
            else:
                if name not in unparsed_uses:
                    unparsed_uses[name] = bool(names_used_beyond_definition(files, {name}, sources.read))
                result = unparsed_uses[name]
        if not seen:  # a verdict reached inside a cycle may depend on where it started
            verdicts[fn.qualname] = result
        return result

    marked = []
    for site in broadcasts:
        fn = by_qualname.get(site.function)
        marked.append(site if fn is None or live(fn) else replace(site, live=False))
    return marked


def _router_module_names(facts: list[PythonFacts]) -> set[bytes]:
    """Last names of modules defining WebSocket routes or the routers that include them."""
    modules = {f.module for f in facts if f.endpoints}
    modules |= {r.module for f in facts for inc in f.includes for r in (inc.parent, inc.child) if isinstance(r, Ref)}
    modules |= {r.module for f in facts for e in f.endpoints if isinstance(r := e.router, Ref)}
    return {m.rsplit(".", 1)[-1].encode() for m in modules if m}


def helper_names(facts: list[PythonFacts]) -> set[str]:
    """Short names of functions whose parameters flow into a send or broadcast (files that
    call them hold the message types), and of functions that broadcast (their callers say
    whether the broadcast ever runs)."""
    carriers: set[str] = set()
    functions = [fn for f in facts for fn in f.functions]
    for fn in functions:
        if any(
            e.kind is EmitKind.BROADCAST or contains_param(v)
            for e in fn.emits for v in (*e.args, *(kv[1] for kv in e.kwargs), None)
        ):
            carriers.add(fn.name)
    changed = True
    while changed:
        changed = False
        for fn in functions:
            name = fn.name
            if name in carriers:
                continue
            if any(c.method in carriers and any(contains_param(v) for v in (*c.args, *(kv[1] for kv in c.kwargs))) for c in fn.calls):
                carriers.add(name)
                changed = True
    return carriers


# --- client: prefilter, then imported modules and the modules that use the hooks -------


def _extract_client(files: list[SourceFile], sources: _Sources) -> list:
    if not files:
        return []
    from wscheck.extract.client import extract_client
    from wscheck.extract.client.paths import module_name, src_roots

    by_module = {module_name(f.path): f for f in files}
    roots = src_roots(by_module)
    wanted = {f.path: f for f in files if any(p in sources.read(f) for p in CLIENT_PREFILTER)}
    extracted: dict[str, object] = {}
    searched: set[str] = set()
    for _ in range(MAX_ROUNDS):
        for path, file in sorted(wanted.items()):
            if path not in extracted:
                extracted[path] = extract_client(path, sources.read(file), Role.CLIENT)
        facts = [f for f in extracted.values() if isinstance(f, ClientFacts)]
        more = dict(wanted)
        for module_facts in facts:
            refs = list(refs_in(module_facts))
            if module_facts.sockets or module_facts.handled_types:  # its message types may live in a types file
                refs += [ref for _, ref in module_facts.imports]
            for ref in refs:
                file = _client_module(by_module, roots, ref.module)
                if file is not None:
                    more.setdefault(file.path, file)
        names = _socket_hook_names(facts) - searched
        for file in files_naming(files, (n.encode() for n in names), sources.read):
            more.setdefault(file.path, file)
        searched |= names
        if more.keys() == wanted.keys():
            break
        wanted = more
    return list(extracted.values())


def _socket_hook_names(facts: list[ClientFacts]) -> set[str]:
    """Exported functions that open a socket or poll, or call one that does: the modules
    that call them are the hooks and components of phases 3, 4 and 7."""
    related = {(f.module, s.function) for f in facts for s in (*f.sockets, *f.polling) if s.function}
    changed = True
    while changed:
        related_names = {name for _, name in related}
        grown = {(f.module, c.function) for f in facts for c in f.calls if c.function and c.callee.name in related_names}
        changed = not grown <= related
        related |= grown
    exported = {(f.module, fn.name) for f in facts for fn in f.functions if fn.exported}
    return {name for module, name in related & exported}


def _client_module(by_module: dict[str, SourceFile], roots: list[str], module: str) -> SourceFile | None:
    for candidate in module_candidates(module, roots):
        if candidate in by_module:
            return by_module[candidate]
    return None
