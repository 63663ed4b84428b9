"""`wscheck probe`: its flags, and the run: targets (URLs, or the static scan joined to
--base-url), the probes, the report. Loaded only when the command runs."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from wscheck.config import ConfigError
from wscheck.findings import Severity

FORMATS = ("text", "json", "junit")


@dataclass(frozen=True)
class ProbeRequest:
    """`wscheck probe`'s flags, as parsed: nothing here is checked yet."""

    arguments: tuple[str, ...]
    base_url: str | None
    params: tuple[str, ...]
    socketio: bool
    namespaces: tuple[str, ...]
    settle: float
    wait: float
    timeout: float
    send: tuple[str, ...]
    headers: tuple[str, ...]
    origin: str | None
    any_update: bool
    output_format: str
    output: Path | None
    fail_on: str | None
    config_file: Path | None
    no_progress: bool
    verbose: bool


@click.command(short_help="Open the running app's sockets: live, idle (WS401) or failed (WS402)?")
@click.argument("arguments", nargs=-1, metavar="URL…|[PATHS]…")
@click.option("--base-url", metavar="URL", help="The running app's root (http://localhost:8000): scan PATHS and probe every endpoint found.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Fill the path parameter {NAME} (repeatable); an endpoint missing one is skipped.")
@click.option("--socketio", is_flag=True, help="The URLs are Socket.IO servers (implied by a path holding /socket.io/).")
@click.option("--namespace", "namespaces", multiple=True, metavar="NS", help="Socket.IO namespace to join (repeatable) [default: /].")
@click.option("--settle", type=click.FloatRange(min=0), default=2.0, show_default=True, metavar="S",
              help="Seconds of quiet that end the initial data.")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="S",
              help="Seconds to wait for updates after the initial data.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True, metavar="S",
              help="Seconds allowed for each handshake.")
@click.option("--send", multiple=True, metavar="JSON", help="Send this message once connected (repeatable; Socket.IO: [\"event\", args…]).")
@click.option("--header", "headers", multiple=True, metavar="'K: V'", help="Add a handshake header (repeatable), e.g. 'Authorization: Bearer …'.")
@click.option("--origin", metavar="URL", help="The Origin header to send (servers that check it refuse a handshake without).")
@click.option("--any-update", is_flag=True, help="Count any message after the initial data, not only the socket's own types (snapshot + delta protocols).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that fails the run [default: error].")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Use this config file.")
@click.option("--no-progress", is_flag=True, help="No progress lines (they are only shown on a terminal).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks for internal errors.")
def probe(**flags) -> None:
    """Connect to the running app's WebSocket (or Socket.IO) endpoints and say which stay live.

    Each socket's initial data is what arrives until --settle seconds of quiet; then the
    probe waits --wait seconds for updates. Verdicts: live (the first update, its types and
    counts); WS401 idle at run time (its initial data, then nothing of its types; or nothing
    at all); WS402 failed (the handshake's HTTP status, or the close code and reason). All
    sockets are probed at once. Nothing is sent unless --send says so, and nothing is retried.

    \b
    wscheck probe ws://localhost:8000/ws/queue
    wscheck probe --socketio --namespace /deploys http://localhost:8000
    wscheck probe --base-url http://localhost:8000 [PATHS]…   (scan PATHS, probe every endpoint;
        the static verdict beside the run-time one; --param NAME=VALUE fills {NAME})

    Exit status: 1 when a WS401/WS402 is at or above --fail-on, 2 on usage errors.
    """
    from wscheck.cli import _run

    request = ProbeRequest(**flags)
    _run(lambda: _probe(request), request.verbose)


def _probe(request: ProbeRequest) -> int:
    from wscheck.config import settings_for
    from wscheck.probe import report as reports, runner
    from wscheck.probe.connections import Options
    from wscheck.probe.observe import Plan
    from wscheck.probe.verdicts import judge

    paths = _paths(request)
    settings = settings_for(paths, fail_on=request.fail_on, config_file=request.config_file)
    options = Options(request.timeout, _headers(request.headers), request.origin, settings.message_type_keys)
    if request.base_url is None:
        from wscheck.probe.targets import from_urls

        targets, skipped = from_urls(request.arguments, request.socketio, request.namespaces), []
    else:
        targets, skipped = _joined(request, paths, settings)
    sends = _sends(request.send, any(t.socketio for t in targets))
    if any(t.socketio for t in targets):
        _require_socketio()
    plan = Plan(request.settle, request.wait, sends, settings.control_types)
    started = time.perf_counter()
    observations = runner.run(targets, options, plan, progress=not request.no_progress)
    results = [judge(o, plan, request.any_update) for o in observations]
    report = reports.build(results, skipped, plan, request.base_url, time.perf_counter() - started, settings)
    _write(report, request)
    return 1 if report.fails() else 0


def _paths(request: ProbeRequest) -> list[Path]:
    if request.base_url is None:
        if request.params:
            raise ConfigError("--param fills the paths of the endpoints found with --base-url: give --base-url too")
        if not request.arguments:
            raise ConfigError("give the WebSocket URLs to probe, or --base-url URL to probe the endpoints a scan of PATHS finds")
        return [Path(".")]
    if request.socketio or request.namespaces:
        raise ConfigError("--socketio and --namespace are for URLs: with --base-url the scan gives each Socket.IO endpoint's namespace")
    urls = [a for a in request.arguments if "://" in a]
    if urls:
        raise ConfigError(f"with --base-url the arguments are source paths, not URLs (got {urls[0]})")
    return [Path(a) for a in request.arguments] or [Path(".")]


def _joined(request: ProbeRequest, paths: list[Path], settings):
    """Scan PATHS as `wscheck check` does, then join each endpoint to --base-url."""
    from wscheck.engine import scan
    from wscheck.probe.targets import base_root, from_report, parse_params

    base_root(request.base_url)  # a bad URL fails before the scan
    params = parse_params(request.params)
    report = scan(paths, settings, os.getcwd())
    if not report.checklists:
        where = " ".join(str(p) for p in paths)
        raise ConfigError(f"no WebSocket endpoint found in {where}: check the paths and the server settings")
    targets, skipped, unused = from_report(report, request.base_url, params)
    for name in unused:
        click.echo(f"wscheck: warning: --param {name} fills no endpoint's path", err=True)
    if not targets:
        raise ConfigError(f"none of the {len(skipped)} endpoints found can be probed: {skipped[0].label} {skipped[0].reason}")
    return targets, skipped


def _headers(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    headers = []
    for value in values:
        name, sep, given = value.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            raise ConfigError(f"--header '{value}': give 'Name: value', as in --header 'Authorization: Bearer …'")
        headers.append((name.strip(), given.strip()))
    return tuple(headers)


def _sends(values: tuple[str, ...], socketio: bool) -> tuple[str, ...]:
    for value in values:
        try:
            message = json.loads(value)
        except ValueError as error:
            raise ConfigError(f"--send '{value}': not JSON ({error})") from None
        if socketio and not (isinstance(message, list) and message and isinstance(message[0], str)):
            raise ConfigError(f"--send '{value}': for Socket.IO give [\"event\", args…]")
    return values


def _require_socketio() -> None:
    """A missing extra is one line naming the install command, before any socket opens."""
    from wscheck.probe.connections import SocketIOConnection

    SocketIOConnection.check_installed()


def _write(report, request: ProbeRequest) -> None:
    from wscheck.probe.report import RENDERERS

    render = RENDERERS[request.output_format]
    if request.output is None:
        render(report, sys.stdout)
        return
    try:
        with request.output.open("w", encoding="utf-8") as handle:
            render(report, handle)
    except OSError as error:
        raise ConfigError(f"cannot write {request.output}: {error.strerror}") from None
