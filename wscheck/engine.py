"""Engine: discover → extract (on demand) → build the project model → report.

Most files never reach a parser: each side's demand (wscheck.demand) starts from a byte
prefilter and pulls in only what the facts found ask for.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from wscheck import __version__
from wscheck.cache import FactCache, RunCache, prepare_directory
from wscheck.config import Settings
from wscheck.demand.tasks import FACTS_SCHEMA, Abandoned
from wscheck.discovery import MANIFEST_NAME, SourceFile, discover
from wscheck.facts import Location, ParseFailure, Role, Suppression
from wscheck.filenames import printable
from wscheck.stats import ScanStats, Stopwatch

if TYPE_CHECKING:
    from wscheck.report import Report

Progress = Callable[[str, int, "int | None"], None]  # (what, done, total or None): for a progress bar
CODE_ROLES = (Role.SERVER, Role.CLIENT)
CONFIG_EXTRACTOR = "wscheck.extract.tsconfig:extract_tsconfig"
CONFIG_FACTS = "1"  # bump when what a TsConfig holds changes (cache key)
PACKAGE_EXTRACTOR = "wscheck.extract.package_json:extract_package"
PACKAGE_FACTS = "1"  # bump when what a PackageManifest holds changes (cache key)
# from this many code files a scan starts its parse workers before reading them: the
# workers load the parsers meanwhile, on the core the reading leaves idle
EARLY_WORKERS = 2000


@dataclass(frozen=True)
class RunOptions:
    """How to run a scan (not what it finds): parallelism and the cache."""

    jobs: int = 1
    cache_dir: str | None = None  # None: no cache


class Reader:
    """File bytes by display path, read once. Code files stay in memory (the demand loop
    searches them again and again); an unreadable code file becomes a ParseFailure."""

    def __init__(self, files: tuple[SourceFile, ...]) -> None:
        self.files = {f.path: f for f in files}
        self.cache: dict[str, bytes] = {}
        self.failures: dict[str, ParseFailure] = {}
        self._lines: dict[str, list[bytes]] = {}

    def read(self, path: str) -> bytes:
        if path in self.cache:
            return self.cache[path]
        file = self.files.get(path)
        if file is None:
            return b""
        try:
            data = _read_bytes(file.abspath)
        except OSError as error:
            data = b""
            if file.role in CODE_ROLES:
                self.failures[path] = ParseFailure(path, Location(path, 1, 1), f"cannot read: {error.strerror}")
        if file.role in CODE_ROLES:
            self.cache[path] = data
        return data

    def read_file(self, file: SourceFile) -> bytes:
        return self.read(file.path)

    def line(self, path: str, line: int) -> str:
        """One source line, for fingerprints."""
        if path not in self._lines:
            self._lines[path] = self.read(path).splitlines()
        lines = self._lines[path]
        text = lines[line - 1] if 0 < line <= len(lines) else b""
        return text.decode("utf-8", "replace")


def _read_bytes(path: str) -> bytes:
    """A file's bytes in one read of the size it has (a third cheaper than `open().read()`
    over 10,000 files); a file that grew meanwhile is read to its end."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)
        if len(data) <= size:
            return data
        rest = [data]
        while chunk := os.read(handle, 1 << 20):
            rest.append(chunk)
        return b"".join(rest)
    finally:
        os.close(handle)


def scan(paths: list[Path], settings: Settings, cwd: str, progress: Progress | None = None, run: RunOptions = RunOptions()) -> Report:
    watch = Stopwatch()
    if run.cache_dir:  # made before the walk: made after, it would change a walked directory (wscheck.replay)
        prepare_directory(run.cache_dir)
    discovery = discover(paths, settings, cwd)
    by_role: dict[Role, list[SourceFile]] = {role: [] for role in Role}
    for file in discovery.files:
        by_role[file.role].append(file)
    watch.lap("walk")
    runs = RunCache(run.cache_dir) if run.cache_dir else None
    manifest = scan_manifest(paths, settings, cwd, discovery) if runs is not None else None
    if runs is not None and manifest is not None:
        reused = runs.get(manifest.slot, manifest.digest)
        if reused is not None:  # nothing changed since the last such scan: its report stands
            watch.lap("reuse")
            used = reused.stats.files_parsed + reused.stats.files_cached
            return replace(reused, stats=ScanStats(0, used, tuple(watch.laps), reused.stats.skipped), inputs=manifest.inputs, links_skipped=discovery.links_skipped)
    # late: a scan whose report is reused needs no demand, model or rules
    from wscheck.demand.client import EXTRACTOR as CLIENT_EXTRACTOR, ClientDemand, socket_handled_types
    from wscheck.demand.extraction import Extraction
    from wscheck.demand.pool import Pool
    from wscheck.demand.server import EXTRACTOR as SERVER_EXTRACTOR, ServerDemand
    from wscheck.model.aliases import Aliases
    from wscheck.model.packages import Packages
    from wscheck.model.project import build_project
    from wscheck.model.texts import Texts
    from wscheck.modules import python_module_name
    from wscheck.report import build_report
    from wscheck.search import indexed

    reader = Reader(discovery.files)
    code = by_role[Role.SERVER] + by_role[Role.CLIENT]
    # the parsers each side's files need, imported by the workers (or here, before they fork)
    warm = tuple(extractor.partition(":")[0] for role, extractor in ((Role.CLIENT, CLIENT_EXTRACTOR), (Role.SERVER, SERVER_EXTRACTOR)) if by_role[role])
    pool = Pool(run.jobs, settings.parse_timeout, warm)
    try:
        if len(code) >= EARLY_WORKERS:
            pool.start()
        for done, file in enumerate(code, start=1):  # every code file is read for the prefilter anyway
            reader.read(file.path)
            if progress is not None and (done % 250 == 0 or done == len(code)):
                progress("Reading sources", done, len(code))
    except BaseException:  # Ctrl-C while reading: no worker outlives the scan
        pool.close()
        raise
    if progress is not None:
        progress("Analysing", 0, None)
    watch.lap("read")
    with indexed(run.jobs):  # each code file split into words once, for every search of the demand and the model
        try:
            extraction = Extraction(pool, FactCache(run.cache_dir) if run.cache_dir else None, settings.max_file_size)
            # not counted as parsed code files: a config is read apart, through the same pool and cache
            configs, manifests = _configs(by_role[Role.CONFIG], reader, Extraction(pool, extraction.cache)) if by_role[Role.CLIENT] else ([], [])
            aliases = Aliases((c for c in configs if not isinstance(c, ParseFailure)), Packages(manifests))
            client_demand = ClientDemand(by_role[Role.CLIENT], reader.read_file, run.jobs, aliases)
            client = _demand(client_demand, extraction) if by_role[Role.CLIENT] else []
            if client_demand.built:  # build output is not the app: no role, no mention, no count
                by_role[Role.CLIENT] = [f for f in by_role[Role.CLIENT] if f.path not in client_demand.built]
            handled = socket_handled_types(client)
            server = _demand(ServerDemand(by_role[Role.SERVER], settings, reader.read_file, handled, run.jobs), extraction) if by_role[Role.SERVER] else []
        finally:
            pool.close()
        watch.lap("prefilter", minus=extraction.costs.seconds)  # byte tests and searches; parsing is its own line
        watch.laps.append(("parse", extraction.costs.seconds))
        texts = Texts(
            {role: tuple(f.path for f in files) for role, files in by_role.items() if role is not Role.CONFIG},
            reader.read,
            tuple(python_module_name(f)[0] for f in by_role[Role.SERVER]),
            tuple(reader.failures.values()),
        )
        failed_configs = [c for c in configs if isinstance(c, ParseFailure)]  # WS001: their aliases are not followed
        project = build_project(server, client + failed_configs, texts, settings, run.jobs, aliases)
    watch.lap("model")
    suppressions: dict[str, tuple[Suppression, ...]] = {
        f.path: f.suppressions for f in (*server, *client) if not isinstance(f, ParseFailure) and f.suppressions
    }
    under_root = {f.path: _under(f.abspath, f.scan_root) for f in discovery.files}
    report = build_report(project, settings, suppressions, discovery.problems, reader.line, lambda path: under_root.get(path, path))
    watch.lap("rules")
    costs = extraction.costs
    skipped = tuple(sorted((*discovery.skipped, *client_demand.built.values()), key=lambda s: s.path))
    report = replace(
        report, stats=ScanStats(len(costs.parsed), len(costs.cached - costs.parsed), tuple(watch.laps), skipped),
        links_skipped=discovery.links_skipped,
    )
    if runs is not None and manifest is not None and not any(isinstance(f, Abandoned) for f in (*server, *client)):
        runs.put(manifest.slot, manifest.digest, report)  # a file abandoned over its time budget may succeed next time
        report = replace(report, inputs=manifest.inputs)  # its output may be replayed (wscheck.replay)
    return report


def _under(abspath: str, root: str) -> str:
    """A file's path below the given path it was found under, POSIX, as reports write it."""
    inside = abspath[len(root) + 1:] if abspath.startswith(root + os.sep) else os.path.relpath(abspath, root)
    return printable(inside.replace(os.sep, "/"))


@dataclass(frozen=True)
class Manifest:
    slot: str  # which scan this is: paths, settings, working directory
    digest: str  # what it read: every discovered file's status, the walk's problems, wscheck's code
    inputs: tuple[tuple[str, object], ...]  # everything the walk and the scan looked at, with its status


def scan_manifest(paths: list[Path], settings: Settings, cwd: str, discovery) -> Manifest | None:
    """None when a file cannot be looked at (the scan then says why)."""
    from wscheck.replay import status

    slot = hashlib.sha256(repr((__version__, [str(p) for p in paths], cwd, settings)).encode()).hexdigest()[:32]
    digest = hashlib.sha256(_code_fingerprint().encode())
    files = []
    for file in discovery.files:
        found = status(file.abspath)
        if found is None:
            return None
        files.append((file.abspath, found))
        digest.update(f"{file.path}\0{file.abspath}\0{file.role.value}\0{found}\n".encode("utf-8", "surrogatepass"))
    digest.update(repr(discovery.problems).encode("utf-8", "surrogatepass"))
    return Manifest(slot, digest.hexdigest(), discovery.watched + tuple(files))


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """wscheck's own sources, by size and modification time: a changed checkout (an editable
    install) must not reuse a report an older wscheck made."""
    package = Path(__file__).parent
    entries = sorted((str(p.relative_to(package)), s.st_size, s.st_mtime_ns) for p in package.rglob("*.py") for s in [p.stat()])
    return repr((__version__, FACTS_SCHEMA, entries))


def _configs(files: list[SourceFile], reader: Reader, extraction) -> tuple[list, list]:
    """(every tsconfig/jsconfig file's facts, every package.json file's), each a
    ParseFailure where it cannot be read; cached like a code file's facts."""
    from wscheck.demand.tasks import Task

    manifests = [f for f in files if f.path.rpartition("/")[2] == MANIFEST_NAME]
    configs = [f for f in files if f.path.rpartition("/")[2] != MANIFEST_NAME]
    tasks = [Task(f.path, reader.read(f.path), CONFIG_EXTRACTOR, (), CONFIG_FACTS) for f in configs]
    tasks += [Task(f.path, reader.read(f.path), PACKAGE_EXTRACTOR, (), PACKAGE_FACTS) for f in manifests]
    facts = extraction.run(tasks)
    return facts[: len(configs)], facts[len(configs) :]


def _demand(side, extraction) -> list:
    from wscheck.demand import loop

    return loop.run(side, side.initial(), extraction)
