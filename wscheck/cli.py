"""Command line: parse flags, build Settings once, call the engine, write the outputs."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wscheck import __version__
from wscheck.cache import DEFAULT_DIR as CACHE_DIR
from wscheck.config import ConfigError, settings_for
from wscheck.filenames import printable
from wscheck.findings import Severity

if TYPE_CHECKING:
    from wscheck.outputs import Output

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class FormatChoice(click.ParamType):
    """A format from `reporters.RENDERERS`, looked up only when needed (so a format
    registered there appears here, and `wscheck rule` imports no reporter)."""

    name = "format"

    def __init__(self, with_file: bool = False):
        self.with_file = with_file  # `FORMAT[=FILE]`, for --output-format

    def get_metavar(self, param, ctx=None) -> str:
        from wscheck.outputs import formats

        return f"[{'|'.join(formats())}]" + ("[=FILE]" if self.with_file else "")

    def convert(self, value, param, ctx):
        from wscheck.outputs import Output, parse

        if isinstance(value, Output):
            return value
        try:
            output = parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)
        if not self.with_file and output.file is not None:
            self.fail(f"'{value}': use --output for the file", param, ctx)
        return output if self.with_file else output.format

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem
        from wscheck.outputs import formats

        return [CompletionItem(name) for name in formats() if name.startswith(incomplete)]


# commands whose module loads when they run: `wscheck check` imports none of their libraries
LAZY_COMMANDS = {"probe": "wscheck.probe.command:probe"}


class DefaultToCheck(click.Group):
    """`wscheck` and `wscheck PATH…` mean `wscheck check …`, as with ruff; usage errors are
    one line on stderr, exit 2, like every other error."""

    def list_commands(self, ctx):
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, _, attribute = LAZY_COMMANDS[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def main(self, *args, **kwargs):
        kwargs.setdefault("prog_name", "wscheck")
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else "wscheck"
            _fail(f"{error.format_message()} (see `{command} --help`)")
        except click.ClickException as error:
            _fail(error.format_message())
        except click.Abort:
            sys.exit(EXIT_FINDINGS)

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in LAZY_COMMANDS and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _comma_list(ctx, param, value: str | None) -> tuple[str, ...] | None:
    """`WS1,WS201` as ("WS1", "WS201"); blanks dropped; None when the flag is not given."""
    if value is None:
        return None
    return tuple(code for code in value.split(",") if code.strip())


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wscheck")
def main() -> None:
    """Lint a real-time web app's WebSocket contract.

    Finds endpoints whose message types nothing broadcasts, HTTP polling and aggressive
    fallbacks, and reports every endpoint against the 7-phase checklist.
    `wscheck` alone checks the current directory.
    """


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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--server", "server_dirs", multiple=True, type=click.Path(path_type=Path), help="Server source directory (repeatable).")
@click.option("--client", "client_dirs", multiple=True, type=click.Path(path_type=Path), help="Client source directory (repeatable).")
@click.option("--format", "output_format", type=FormatChoice(), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--output-format", "extra_outputs", multiple=True, type=FormatChoice(with_file=True),
              help="One more output, to FILE or (no =FILE) stdout; repeatable: CI scans once for every format.")
@click.option("--select", callback=_comma_list, help="Comma-separated codes or prefixes to report (e.g. WS1,WS201).")
@click.option("--ignore", callback=_comma_list, help="Comma-separated codes or prefixes to leave out.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that fails the run [default: error].")
@click.option("--baseline", metavar="FILE", type=click.Path(path_type=Path), help="Report only findings not recorded in this baseline FILE.")
@click.option("--write-baseline", metavar="FILE", type=click.Path(path_type=Path), help="Record today's findings in FILE (no report) and exit 0.")
@click.option("--new-since", metavar="REF", help="Report only findings that are not there at git revision REF.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code instead of the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this config file.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only.")
@click.option(
    "--verbose", "-v", is_flag=True,
    help="Say where the time went, how client path aliases were resolved and which symlinks were not followed "
    "(on stderr); show tracebacks for internal errors.",
)
@click.option("--no-progress", is_flag=True, help="No progress display (it is only shown on a terminal).")
@click.option("--no-cache", is_flag=True, help=f"Neither read nor write the cache of per-file facts ({CACHE_DIR}/).")
@click.option("--allow-empty", is_flag=True, help="Pass when no source file is found (else exit 2: a wrong path must not pass CI).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Parse in up to N processes [default: the CPU count].")
@click.pass_context
def check(ctx, paths, **flags):
    """Check PATHS (default: the current directory)."""
    from click.core import ParameterSource

    format_given = ctx.get_parameter_source("output_format") is not ParameterSource.DEFAULT
    request = CheckRequest(paths=tuple(paths) or (Path("."),), format_given=format_given, **flags)
    invocation = ctx.find_object(Invocation)
    _run(lambda: _check(request, invocation), request.verbose)


@dataclass(frozen=True)
class Invocation:
    """The command line as the entry point saw it (`wscheck.entry`): a run started that
    way may be recorded for replay; one started otherwise (a test's CliRunner) is not."""

    argv: tuple[str, ...]
    cwd: str


def _run(action, verbose: bool) -> None:
    """Exit with what `action` returns; every failure is one line on stderr, exit 2."""
    try:
        sys.exit(action())
    except ConfigError as error:
        _fail(str(error))
    except BrokenPipeError:  # `wscheck | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:  # the workers are ended by the engine; cache entries are whole or absent
        click.echo("wscheck: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as error:  # a bug in wscheck: one line, unless asked for more
        if verbose:
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for the traceback)")


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


def _fail(message: str) -> None:
    click.echo(f"wscheck: error: {printable(message)}", err=True)  # a path given as undecodable bytes
    sys.exit(EXIT_ERROR)


def _check(request: CheckRequest, invocation: Invocation | None = None) -> int:
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
    run = _run_options(request, settings, cwd, recording)
    with _progress_bar(enabled=not request.no_progress) as progress:
        report = scan(paths, settings, cwd, progress, run)
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


@main.command()
@click.argument("code", required=False)
def rule(code: str | None) -> None:
    """Show a rule's documentation; with no CODE, the table of rules."""
    from wscheck.docs import rule_page, rules_table
    from wscheck.rules import RULES_BY_CODE
    from wscheck.rules.runtime import runtime_rules

    if code is None:
        click.echo(rules_table())
        return
    found = RULES_BY_CODE.get(code.upper()) or next((r for r in runtime_rules() if r.code == code.upper()), None)
    if found is None:
        _fail(f"unknown rule code '{code}' (run `wscheck rule` for the list)")
    click.echo(rule_page(found))


@main.command(short_help="Write a starter [tool.wscheck]; print the pre-commit and CI snippets.")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace existing wscheck config.")
def init(directory: Path, force: bool) -> None:
    """Write a starter [tool.wscheck] (pyproject.toml, else wscheck.toml) with server and
    client guessed from the tree; print the pre-commit and CI snippets. Existing config is
    never replaced without --force (exit 2)."""
    from wscheck import starter

    try:
        written, server, client = starter.write(directory, force)
    except ConfigError as error:
        _fail(str(error))
    click.echo(f"Wrote a starter wscheck config to {written}:")
    for name, found in (("server", server), ("client", client)):
        where = ", ".join(found.dirs) if found.dirs else "everywhere (not narrowed down)"
        click.echo(f"  {name}: {where}")
    click.echo("\nRun it with `wscheck`. To run it before every commit, add to .pre-commit-config.yaml:\n")
    click.echo(starter.PRE_COMMIT)
    click.echo("To gate pull requests on GitHub, add .github/workflows/wscheck.yml (GitLab and more: docs/ci.md):\n")
    click.echo(starter.GITHUB_WORKFLOW, nl=False)


@main.command(name="map", short_help="Print the WebSocket contract (tree, JSON, Markdown, AsyncAPI).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("text", "json", "markdown", "asyncapi")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="FILE", help="Write the contract to FILE instead of stdout.")
@click.option("--check", "check_file", type=click.Path(path_type=Path), help="Exit 1 if FILE differs from what would be written.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this config file.")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for internal errors.")
def map_(paths, output_format, output, check_file, config_file, verbose):
    """Print the app's WebSocket contract: endpoint → types → broadcasters → client → polling."""
    _run(lambda: _map(list(paths) or [Path(".")], output_format, output, check_file, config_file), verbose)


def _map(paths, output_format, output, check_file, config_file) -> int:
    from wscheck.contract import render_contract
    from wscheck.engine import scan

    if check_file is not None and output is not None:
        raise ConfigError("--check compares with FILE and --output writes one: use one of them")
    settings = settings_for(paths, config_file=config_file)
    text = render_contract(scan(paths, settings, os.getcwd()), output_format)
    if check_file is not None:
        if not check_file.is_file():
            click.echo(f"wscheck: {check_file} does not exist: {_map_command(paths, output_format, check_file)}", err=True)
            return EXIT_FINDINGS
        if check_file.read_text(encoding="utf-8") != text:
            click.echo(f"wscheck: {check_file} is out of date: {_map_command(paths, output_format, check_file)}", err=True)
            return EXIT_FINDINGS
        return EXIT_OK
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot write {output}: {error.strerror}") from None
    return EXIT_OK


def _map_command(paths, output_format: str, target: Path) -> str:
    where = " ".join(str(p) for p in paths if str(p) != ".")
    return f"run `wscheck map {where + ' ' if where else ''}--format {output_format} --output {target}` to update it"


@main.command(short_help="Find the HTTP polling in access logs and HAR files (WS403, WS404).")
@click.argument("inputs", nargs=-1, metavar="FILE…")
@click.option("--project", type=click.Path(path_type=Path), metavar="PATH",
              help="Join each polled path to the static scan of PATH: its polling site, and the socket serving it (WS404).")
@click.option("--format", "output_format", type=click.Choice(("text", "json", "github", "junit", "sarif")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that fails the run [default: error].")
@click.option("--follow", is_flag=True, help="Read one growing input (a file, or - for a pipe), each line timed on arrival.")
@click.option("--duration", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="With --follow: stop after S seconds [default: when the input ends, or Ctrl-C].")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="With --project: use this config file.")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for internal errors.")
def traffic(inputs, verbose, **flags):
    """Find the HTTP polling in access logs and HAR files: each client's requests to one path
    (ids folded into {id}) that repeat at a steady interval are WS403; with --project, a
    polled path that a WebSocket endpoint serves is WS404.

    FILE… are uvicorn, gunicorn or hypercorn access logs, nginx or Apache combined/common
    logs, JSON-lines logs or HAR files saved from a browser, recognised by what they hold;
    .gz is read as it is, - is standard input. A log without timestamps (uvicorn's
    default) is counted but not timed: follow it instead.

    \b
    Examples:
      wscheck traffic logs/access.log.gz capture.har
      wscheck traffic logs/backend.log --project . --format json
      tail -f logs/backend.log | wscheck traffic - --follow --duration 60

    Exit status: 1 when a finding is at or above --fail-on, 2 on usage errors or an
    unreadable input. Details: docs/traffic.md.
    """
    from wscheck.traffic.command import TrafficRequest, run

    request = TrafficRequest(inputs=tuple(inputs), **flags)
    _run(lambda: run(request), verbose)
