"""Check: what `wscheck check` does with a CheckRequest: settings, the scan, baseline and
revision filters, the outputs, the replay record, and the exit status."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wscheck.config import ConfigError, settings_for
from wscheck.exits import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from wscheck.outputs import Output


@dataclass(frozen=True)
class CheckRequest:
    """`wscheck check`'s flags, as parsed: nothing here is checked yet."""

    paths: tuple[Path, ...]
    server_dirs: tuple[Path, ...]
    client_dirs: tuple[Path, ...]
    output_format: str
    output: Path | None
    extra_outputs: tuple[Output, ...]
    format_given: bool  # --format was given (not left at its default)
    select: tuple[str, ...] | None
    ignore: tuple[str, ...] | None
    fail_on: str | None
    baseline: Path | None
    write_baseline: Path | None
    new_since: str | None
    statistics: bool
    exit_zero: bool
    config_file: Path | None
    quiet: bool
    no_progress: bool
    no_cache: bool
    jobs: int | None
    verbose: bool  # also: say where the time went, and the symlinks not followed
    allow_empty: bool = False  # no source files is not an error


@dataclass(frozen=True)
class Invocation:
    """The command line as the entry point saw it (`wscheck.entry`): a run started that
    way may be recorded for replay; one started otherwise (a test's CliRunner) is not."""

    argv: tuple[str, ...]
    cwd: str


def run(request: CheckRequest, invocation: Invocation | None = None) -> int:
    """Run `wscheck check` as the request asks; the exit status (errors raise ConfigError)."""
    from wscheck import baseline as baselines, outputs
    from wscheck.config import config_candidates
    from wscheck.engine import scan
    from wscheck.reporters.common import RenderOptions

    started = time.perf_counter()
    if request.write_baseline is not None and request.new_since is not None:
        raise ConfigError("--write-baseline records every finding: it cannot be combined with --new-since")
    primary = outputs.Output(request.output_format, request.output)
    targets = outputs.plan(primary, request.format_given, request.extra_outputs, request.statistics)
    paths = list(request.paths)
    recording = _recording(request, targets, invocation)
    if recording is not None:  # looked at before they are read: a change while the scan runs is seen next time
        recording.watch(config_candidates(paths[0], request.config_file))
        recording.watch([os.path.abspath(request.baseline)] if request.baseline is not None else [])
    settings = settings_for(
        paths, server_dirs=request.server_dirs, client_dirs=request.client_dirs, select=request.select,
        ignore=request.ignore, fail_on=request.fail_on, config_file=request.config_file,
    )
    # a bad baseline or revision fails before the scan, not after it
    known = baselines.load(request.baseline) if request.baseline is not None and request.write_baseline is None else None
    revision = None
    if request.new_since is not None:
        from wscheck import history  # git: only for --new-since

        revision = history.locate(request.new_since, paths)
    cwd = os.getcwd()
    run_options = _run_options(request, settings, cwd, recording)
    with _progress_bar(enabled=not request.no_progress) as progress:
        report = scan(paths, settings, cwd, progress, run_options)
    if report.project.server_files + report.project.client_files == 0 and not request.allow_empty:
        where = " ".join(str(p) for p in paths)
        raise ConfigError(
            f"no source files found in {where}: check the paths and the server/client settings (--allow-empty to pass anyway)"
        )
    if request.write_baseline is not None:
        count = baselines.write(report.findings, request.write_baseline)
        click.echo(f"wscheck: wrote {count} finding{'s' if count != 1 else ''} to baseline {request.write_baseline}", err=True)
        return EXIT_OK
    if known is not None:
        report = baselines.apply(report, known)
    if revision is not None:
        from wscheck import history

        report = history.apply(report, revision, paths, cwd)
    options = RenderOptions(quiet=request.quiet, notes=outputs.notes(report, request.baseline, request.new_since))
    before_report = time.perf_counter()
    _write_outputs(report, targets, options, request.quiet, sys.stdout, sys.stderr)
    status = EXIT_FINDINGS if report.fails() and not request.exit_zero else EXIT_OK
    if request.verbose:
        ended = time.perf_counter()
        lines = [f"wscheck: skipped symlink {note}" for note in report.links_skipped]
        lines += report.stats.lines(report=ended - before_report, total=ended - started) + report.stats.skipped_lines()
        click.echo("\n".join((*lines, *report.project.import_notes)), err=True)
    elif recording is not None:  # as the next identical run would print it: every fact reused
        again = replace(report, stats=report.stats.reused())
        recording.keep(lambda: _rendered(again, targets, options, request.quiet), status, sys.stdout, sys.stderr)
    return status


def _write_outputs(report, targets, options, quiet: bool, out, err) -> None:
    from wscheck import outputs

    outputs.write_all(report, targets, options, out, err)
    if quiet or not any(t.format == "text" and t.file is None for t in targets):
        # the text report prints these warnings (two apps in one scan, unreadable directories);
        # JSON, SARIF, GitHub and --quiet must not lose them
        err.write("".join(f"wscheck: warning: {problem}\n" for problem in report.problems))


def _recording(request: CheckRequest, targets, invocation: Invocation | None):
    """A replay record in the making, for a run started by the command (not by a test's
    CliRunner) whose whole output is standard output and error."""
    if invocation is None or request.verbose or request.write_baseline is not None or request.new_since is not None:
        return None
    if len(targets) != 1 or targets[0].file is not None or "GITHUB_STEP_SUMMARY" in os.environ:  # the GitHub format writes there too
        return None
    from wscheck.cache.recording import Recording

    return Recording(invocation.argv, invocation.cwd, os.environ)


def _rendered(report, targets, options, quiet: bool) -> tuple[str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    _write_outputs(report, targets, options, quiet, out, err)
    return out.getvalue(), err.getvalue()


def _run_options(request: CheckRequest, settings, cwd: str, recording=None):
    from wscheck.cache import directory
    from wscheck.executor import default_jobs
    from wscheck.engine import RunOptions

    cache_dir = None if request.no_cache else directory(cwd, os.environ, settings.cache_dir)
    return RunOptions(jobs=request.jobs or default_jobs(), cache_dir=cache_dir, recording=recording)


class _progress_bar:
    """A transient progress bar on stderr, only on a terminal (rich decides colour)."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task("Scanning", total=None)
        return lambda what, done, total: self.bar.update(task, description=what, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
