"""Command line: parse the flags into a request and hand it to its command (wscheck.check,
contract.command, traffic.command, probe.command); every failure one line, exit 2."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from wscheck import __version__
from wscheck.check import CheckRequest, Invocation, run as run_check
from wscheck.cache import DEFAULT_DIR as CACHE_DIR
from wscheck.config import ConfigError
from wscheck.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED
from wscheck.filenames import printable
from wscheck.findings import Severity


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
    _run(lambda: run_check(request, invocation), request.verbose)


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


def _fail(message: str) -> None:
    click.echo(f"wscheck: error: {printable(message)}", err=True)  # a path given as undecodable bytes
    sys.exit(EXIT_ERROR)


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
def map_(paths, verbose, **flags):
    """Print the app's WebSocket contract: endpoint → types → broadcasters → client → polling."""
    from wscheck.contract.command import MapRequest, run

    request = MapRequest(paths=tuple(paths) or (Path("."),), **flags)
    _run(lambda: run(request), verbose)


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
