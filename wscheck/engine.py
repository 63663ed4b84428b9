"""Engine: discover → extract (on demand) → build the project model → report.

Most files never reach a parser: each side's demand (wscheck.demand) starts from a byte
prefilter and pulls in only what the facts found ask for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from wscheck.cache.entries import prepare_directory
from wscheck.cache.facts import FactCache
from wscheck.cache.manifest import scan_manifest
from wscheck.cache.runs import RunCache
from wscheck.config import Settings
from wscheck.demand.tasks import Abandoned
from wscheck.discovery import MANIFEST_NAME, Discovery, SourceFile, discover
from wscheck.sources import Reader
from wscheck.facts import ParseFailure, Role, Suppression
from wscheck.filenames import printable
from wscheck.stats import ScanStats, Stopwatch

if TYPE_CHECKING:
    from wscheck.cache.recording import Recording
    from wscheck.report import Report

Progress = Callable[[str, int, "int | None"], None]  # (what, done, total or None): for a progress bar
CONFIG_EXTRACTOR = "wscheck.extract.tsconfig:extract_tsconfig"
CONFIG_FACTS = "1"  # bump when what a TsConfig holds changes (cache key)
PACKAGE_EXTRACTOR = "wscheck.extract.package_json:extract_package"
PACKAGE_FACTS = "1"  # bump when what a PackageManifest holds changes (cache key)


@dataclass(frozen=True)
class RunOptions:
    """How to run a scan (not what it finds): parallelism, the cache, and the replay record
    the scan adds what it looked at to."""

    jobs: int = 1
    cache_dir: str | None = None  # None: no cache
    recording: Recording | None = None


def scan(paths: list[Path], settings: Settings, cwd: str, progress: Progress | None = None, run: RunOptions = RunOptions()) -> Report:
    watch = Stopwatch()
    if run.cache_dir:  # made before the walk: made after, it would change a walked directory (cache.replay)
        prepare_directory(run.cache_dir)
    discovery = discover(paths, settings, cwd)
    watch.lap("walk")
    runs = RunCache(run.cache_dir) if run.cache_dir else None
    manifest = scan_manifest(paths, settings, cwd, discovery) if runs is not None else None
    reused = runs.get(manifest) if runs is not None and manifest is not None else None
    if reused is not None:  # nothing changed since the last such scan: its report stands
        watch.lap("reuse")
        report = replace(reused, stats=reused.stats.reused(tuple(watch.laps)), links_skipped=discovery.links_skipped)
    else:
        report, abandoned = _analyse(discovery, settings, progress, run, watch)
        if abandoned:  # a file abandoned over its time budget may succeed next time: nothing is kept
            return report
        if runs is not None and manifest is not None:
            runs.put(manifest, report)
    if run.recording is not None and manifest is not None:  # its output may be replayed
        run.recording.scanned(run.cache_dir, manifest.inputs)
    return report


@dataclass
class _Extracted:
    server: list  # PythonFacts or ParseFailure, per extracted server file
    client: list  # ClientFacts or ParseFailure, per extracted client file
    configs: list  # TsConfig or ParseFailure, per tsconfig/jsconfig file
    aliases: object  # model.aliases.Aliases, from the configs
    costs: object  # demand.extraction.Costs
    built: dict  # client files set aside as build output, by path


def _analyse(discovery: Discovery, settings: Settings, progress: Progress | None, run: RunOptions, watch: Stopwatch) -> tuple[Report, bool]:
    """The report of a scan nothing can be reused for; whether a file was abandoned (over its
    budget, or its parser crashed): such a report is not kept, the next scan may do better."""
    # late: a scan whose report is reused needs no demand, model or rules
    from wscheck.executor import Executor
    import wscheck.model.project  # noqa: F401  (loaded before the stages are timed, as the rest of the pipeline is)
    from wscheck.report import build_report
    from wscheck.search import Index, Search
    from wscheck.sources import Answers

    by_role: dict[Role, list[SourceFile]] = {role: [] for role in Role}
    for file in discovery.files:
        by_role[file.role].append(file)
    reader = Reader(discovery.files)
    executor = Executor(run.jobs, settings.parse_timeout)  # what runs where: here, in forked parts, in parse workers
    index = Index(executor)  # each code file split into words once, for every search of the demand and the model
    found = _extract(by_role, reader, Search(reader.read_file, index), executor, settings, progress, run, watch)
    watch.lap("prefilter", minus=found.costs.seconds)  # byte tests and searches; parsing is its own line
    watch.laps.append(("parse", found.costs.seconds))
    if found.built:  # build output is not the app: no role, no mention, no count
        by_role[Role.CLIENT] = [f for f in by_role[Role.CLIENT] if f.path not in found.built]
    project = _model(found, by_role, reader, Answers(reader.read, index, executor), settings)
    watch.lap("model")
    suppressions: dict[str, tuple[Suppression, ...]] = {
        f.path: f.suppressions for f in (*found.server, *found.client) if not isinstance(f, ParseFailure) and f.suppressions
    }
    under_root = {f.path: _under(f.abspath, f.scan_root) for f in discovery.files}
    report = build_report(project, settings, suppressions, discovery.problems, reader.line, lambda path: under_root.get(path, path))
    watch.lap("rules")
    costs = found.costs
    skipped = tuple(sorted((*discovery.skipped, *found.built.values()), key=lambda s: s.path))
    report = replace(
        report, stats=ScanStats(len(costs.parsed), len(costs.cached - costs.parsed), tuple(watch.laps), skipped),
        links_skipped=discovery.links_skipped,
    )
    return report, any(isinstance(f, Abandoned) for f in (*found.server, *found.client))


def _extract(
    by_role, reader: Reader, search, executor, settings: Settings, progress: Progress | None, run: RunOptions, watch: Stopwatch,
) -> _Extracted:
    """Every code file read (the prefilter reads them all), then each side's demand: the
    client's first, since the types it handles are what the server side looks for."""
    from wscheck.demand.client import EXTRACTOR as CLIENT_EXTRACTOR, ClientDemand, socket_handled_types
    from wscheck.demand.extraction import Extraction
    from wscheck.demand.server import EXTRACTOR as SERVER_EXTRACTOR, LIKELY_PARSED, PARSER, ServerDemand
    from wscheck.model.aliases import Aliases
    from wscheck.model.packages import Packages

    code = by_role[Role.SERVER] + by_role[Role.CLIENT]
    # the parsers each side's files need, for workers started before the reading
    parsers = tuple(extractor.partition(":")[0] for role, extractor in ((Role.CLIENT, CLIENT_EXTRACTOR), (Role.SERVER, SERVER_EXTRACTOR)) if by_role[role])
    try:
        executor.start(len(code), parsers)
        _read_code(code, reader, progress)
        if any(LIKELY_PARSED in reader.read(f.path) for f in by_role[Role.SERVER]):  # stops at the first
            executor.expect(PARSER)  # a worker loads it while the prefilter runs
        watch.lap("read")
        extraction = Extraction(executor, FactCache(run.cache_dir) if run.cache_dir else None, settings.max_file_size)
        # not counted as parsed code files: a config is read apart, through the same executor and cache
        configs, manifests = _configs(by_role[Role.CONFIG], reader, Extraction(executor, extraction.cache)) if by_role[Role.CLIENT] else ([], [])
        aliases = Aliases((c for c in configs if not isinstance(c, ParseFailure)), Packages(manifests))
        client_demand = ClientDemand(by_role[Role.CLIENT], search, executor, aliases)
        client = _demand(client_demand, extraction) if by_role[Role.CLIENT] else []
        handled = socket_handled_types(client)
        server = _demand(ServerDemand(by_role[Role.SERVER], settings, search, executor, handled), extraction) if by_role[Role.SERVER] else []
    finally:  # Ctrl-C included: no worker outlives the scan
        executor.close()
    return _Extracted(server, client, configs, aliases, extraction.costs, client_demand.built)


def _read_code(code: list[SourceFile], reader: Reader, progress: Progress | None) -> None:
    for done, file in enumerate(code, start=1):  # every code file is read for the prefilter anyway
        reader.read(file.path)
        if progress is not None and (done % 250 == 0 or done == len(code)):
            progress("Reading sources", done, len(code))
    if progress is not None:
        progress("Analysing", 0, None)


def _model(found: _Extracted, by_role, reader: Reader, answers, settings: Settings):
    from wscheck.model.project import build_project
    from wscheck.model.texts import Texts
    from wscheck.modules import python_module_name

    texts = Texts(
        {role: tuple(f.path for f in files) for role, files in by_role.items() if role is not Role.CONFIG},
        tuple(python_module_name(f)[0] for f in by_role[Role.SERVER]),
        tuple(reader.failures.values()),
    )
    failed_configs = [c for c in found.configs if isinstance(c, ParseFailure)]  # WS001: their aliases are not followed
    return build_project(found.server, found.client + failed_configs, texts, settings, answers, found.aliases)


def _under(abspath: str, root: str) -> str:
    """A file's path below the given path it was found under, POSIX, as reports write it."""
    inside = abspath[len(root) + 1:] if abspath.startswith(root + os.sep) else os.path.relpath(abspath, root)
    return printable(inside.replace(os.sep, "/"))


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
