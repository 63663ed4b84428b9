"""Command line: parse flags, build Settings once, call the engine, pick a reporter."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from wscheck import __version__
from wscheck.config import ConfigError, Severity, load_settings

FORMATS = ("text", "json")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultToCheck(click.Group):
    """`wscheck` and `wscheck PATH…` mean `wscheck check …`, as with ruff."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


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
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--select", help="Comma-separated codes or prefixes to report (e.g. WS1,WS201).")
@click.option("--ignore", help="Comma-separated codes or prefixes to leave out.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that fails the run [default: error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this config file.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only.")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for internal errors.")
@click.option("--no-progress", is_flag=True, help="No progress display (it is only shown on a terminal).")
@click.option("--no-cache", is_flag=True, hidden=True)
@click.option("--jobs", type=int, hidden=True)
def check(paths, server_dirs, client_dirs, output_format, output, select, ignore, fail_on, exit_zero, config_file, quiet, verbose, **_):
    """Check PATHS (default: the current directory)."""
    paths = list(paths) or [Path(".")]
    try:
        sys.exit(_check(paths, server_dirs, client_dirs, output_format, output, select, ignore, fail_on, exit_zero, config_file, quiet))
    except ConfigError as error:
        _fail(str(error))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # a bug in wscheck: one line, unless asked for more
        if verbose:
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for the traceback)")


def _fail(message: str) -> None:
    click.echo(f"wscheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _check(paths, server_dirs, client_dirs, output_format, output, select, ignore, fail_on, exit_zero, config_file, quiet) -> int:
    from wscheck.engine import scan
    from wscheck.reporters import RENDERERS
    from wscheck.rules import known_code_prefix

    for path in paths:
        if not path.exists():
            raise ConfigError(f"path does not exist: {path}")
    for directory in (*server_dirs, *client_dirs):
        if not directory.is_dir():
            raise ConfigError(f"not a directory: {directory}")
    settings = load_settings(paths[0], config_file)
    overrides: dict = {}
    if server_dirs:
        overrides["server"] = tuple(os.path.abspath(d) for d in server_dirs)
    if client_dirs:
        overrides["client"] = tuple(os.path.abspath(d) for d in client_dirs)
    for option, value in (("select", _codes(select)), ("ignore", _codes(ignore))):
        if value is not None:
            for code in value:
                if not known_code_prefix(code):
                    raise ConfigError(f"--{option}: unknown rule code '{code}' (see `wscheck rule`)")
            overrides[option] = value
    if fail_on:
        overrides["fail_on"] = Severity(fail_on)
    settings = replace(settings, **overrides)
    report = scan(paths, settings, os.getcwd())
    render = RENDERERS[output_format]
    if output is not None:
        try:
            with output.open("w", encoding="utf-8") as handle:
                _render(render, report, handle, quiet, output_format)
        except OSError as error:
            raise ConfigError(f"cannot write {output}: {error.strerror}") from None
    else:
        _render(render, report, sys.stdout, quiet, output_format)
    return EXIT_FINDINGS if report.fails() and not exit_zero else EXIT_OK


def _render(render, report, out, quiet, output_format) -> None:
    if output_format == "text":
        render(report, out, quiet=quiet)
    else:
        render(report, out)


@main.command()
@click.argument("code", required=False)
def rule(code: str | None) -> None:
    """Show a rule's documentation; with no CODE, the table of rules."""
    from wscheck.docs import rule_page, rules_table
    from wscheck.rules import RULES_BY_CODE

    if code is None:
        click.echo(rules_table())
        return
    found = RULES_BY_CODE.get(code.upper())
    if found is None:
        _fail(f"unknown rule code '{code}' (run `wscheck rule` for the list)")
    click.echo(rule_page(found))


@main.command(name="map")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("text", "json", "markdown", "asyncapi")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the contract to FILE instead of stdout.")
@click.option("--check", "check_file", type=click.Path(path_type=Path), help="Exit 1 if FILE differs from what would be written.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this config file.")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for internal errors.")
def map_(paths, output_format, output, check_file, config_file, verbose):
    """Print the app's WebSocket contract: endpoint → types → broadcasters → client → polling."""
    from wscheck.contract import render_contract

    paths = list(paths) or [Path(".")]
    try:
        for path in paths:
            if not path.exists():
                raise ConfigError(f"path does not exist: {path}")
        settings = load_settings(paths[0], config_file)
        from wscheck.engine import scan

        text = render_contract(scan(paths, settings, os.getcwd()), output_format)
        if check_file is not None:
            current = check_file.read_text(encoding="utf-8") if check_file.is_file() else None
            if current != text:
                click.echo(f"{check_file} is out of date: run `wscheck map --format {output_format} --output {check_file}`", err=True)
                sys.exit(EXIT_FINDINGS)
            sys.exit(EXIT_OK)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
    except ConfigError as error:
        _fail(str(error))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:
        if verbose:
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for the traceback)")
