"""Command: `wscheck map` from a MapRequest: the scan, the contract rendered, then written,
printed, or compared with the file `--check` names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from wscheck.config import ConfigError, settings_for
from wscheck.exits import EXIT_FINDINGS, EXIT_OK


@dataclass(frozen=True)
class MapRequest:
    """`wscheck map`'s flags, as parsed."""

    paths: tuple[Path, ...]
    output_format: str = "text"
    output: Path | None = None
    check_file: Path | None = None
    config_file: Path | None = None


def run(request: MapRequest) -> int:
    from wscheck.contract import render_contract
    from wscheck.engine import scan

    paths, output, check_file = list(request.paths), request.output, request.check_file
    if check_file is not None and output is not None:
        raise ConfigError("--check compares with FILE and --output writes one: use one of them")
    settings = settings_for(paths, config_file=request.config_file)
    text = render_contract(scan(paths, settings, os.getcwd()), request.output_format)
    if check_file is not None:
        if not check_file.is_file():
            click.echo(f"wscheck: {check_file} does not exist: {_map_command(request)}", err=True)
            return EXIT_FINDINGS
        if check_file.read_text(encoding="utf-8") != text:
            click.echo(f"wscheck: {check_file} is out of date: {_map_command(request)}", err=True)
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


def _map_command(request: MapRequest) -> str:
    where = " ".join(str(p) for p in request.paths if str(p) != ".")
    return f"run `wscheck map {where + ' ' if where else ''}--format {request.output_format} --output {request.check_file}` to update it"
