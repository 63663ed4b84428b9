"""Command: `wscheck traffic`'s flags checked, the traffic read and analysed (joined to the
static scan with `--project`), the report written, and the exit status."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from wscheck.config import ConfigError
from wscheck.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from wscheck.findings import Severity


@dataclass(frozen=True)
class TrafficRequest:
    """`wscheck traffic`'s flags, as parsed."""

    inputs: tuple[str, ...]
    output_format: str = "text"
    output: Path | None = None
    fail_on: str | None = None
    project: Path | None = None
    config_file: Path | None = None
    follow: bool = False
    duration: float | None = None


def run(request: TrafficRequest, stdout=None, stderr=None) -> int:
    from wscheck.traffic.analyse import Reading, build
    from wscheck.traffic.reporters import renderer
    from wscheck.traffic.sources import STDIN, display_name

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    _validate(request)
    join, settings = _project(request)
    fail_on = Severity(request.fail_on) if request.fail_on else settings.fail_on if settings else Severity.ERROR
    severities = {c: s for c, s in dict(settings.severity).items() if c in ("WS403", "WS404")} if settings else {}
    reading = Reading(request.inputs, _follow_seconds(request))
    if request.follow:
        limit = f"for {request.duration:g} s" if request.duration is not None else "until it ends"
        stderr.write(f"wscheck: following {display_name(request.inputs[0])} {limit} (Ctrl-C to stop early)\n")
        stderr.flush()
    report = build(reading, join, fail_on, severities, str(request.project) if request.project else None)
    unreadable = [i for i in report.inputs if i.error is not None and not i.requests]
    for summary in report.inputs:
        if summary.error is not None:
            level = "error" if summary in unreadable else "warning"
            stderr.write(f"wscheck: {level}: {summary.name}: {summary.error}\n")
    _write(report, request, renderer(request.output_format), stdout)
    if unreadable:
        return EXIT_ERROR
    if not request.follow and report.requests == 0:
        names = ", ".join(display_name(n) if n != STDIN else "standard input" for n in request.inputs)
        stderr.write(f"wscheck: error: no requests found in {names}: not an access log, JSON-lines log or HAR file? "
                     "(docs/traffic.md lists the formats)\n")
        return EXIT_ERROR
    return EXIT_FINDINGS if report.fails() else EXIT_OK


def _validate(request: TrafficRequest) -> None:
    if not request.inputs:
        raise ConfigError("no input: give access logs or HAR files, or - for standard input (see `wscheck traffic --help`)")
    if request.duration is not None and not request.follow:
        raise ConfigError("--duration goes with --follow (a log is read to its end without it)")
    if request.inputs.count("-") > 1:
        raise ConfigError("standard input (-) can be read only once")
    if request.follow:
        if len(request.inputs) != 1:
            raise ConfigError("--follow reads one input (a growing file, or - for standard input)")
        if request.inputs[0].endswith(".gz"):
            raise ConfigError("--follow reads a growing plain log, not a .gz file")
        if request.inputs[0] != "-" and not os.path.isfile(request.inputs[0]):
            raise ConfigError(f"--follow: {request.inputs[0]} is not a file")


def _follow_seconds(request: TrafficRequest) -> float | None:
    if not request.follow:
        return None
    return request.duration if request.duration is not None else float("inf")


def _project(request: TrafficRequest):
    """The join with the static scan of `--project` (as `wscheck map` scans), and its settings."""
    if request.project is None:
        return None, None
    from wscheck.config import settings_for
    from wscheck.engine import scan
    from wscheck.traffic.join import join

    if not request.project.exists():
        raise ConfigError(f"--project {request.project}: no such directory")
    settings = settings_for([request.project], config_file=request.config_file)
    report = scan([request.project], settings, os.getcwd())
    if report.project.server_files + report.project.client_files == 0:
        raise ConfigError(f"--project {request.project}: no source files found (check the path and the server/client settings)")
    return (lambda polled: join(polled, report)), settings


def _write(report, request: TrafficRequest, render, stdout) -> None:
    if request.output is None:
        render(report, stdout)
        return
    try:
        with request.output.open("w", encoding="utf-8") as handle:
            render(report, handle)
    except OSError as error:
        raise ConfigError(f"cannot write {request.output}: {error.strerror}") from None
