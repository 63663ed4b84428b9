"""Outputs: where the report goes (`--format`/`--output`, `--output-format FORMAT[=FILE]`,
`--statistics`) and writing it there, with the notes on what a baseline or `--new-since`
left out. Between the CLI and the reporters; formats come from `reporters.RENDERERS`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from wscheck.config import ConfigError
from wscheck.report import Report


@dataclass(frozen=True)
class Output:
    format: str
    file: Path | None = None  # None: standard output

    def __str__(self) -> str:
        return self.format if self.file is None else f"{self.format}={self.file}"


def formats() -> list[str]:
    from wscheck.reporters import RENDERERS  # late: `wscheck rule` and `--version` need no reporter

    return list(RENDERERS)


def parse(value: str) -> Output:
    """`FORMAT` (standard output) or `FORMAT=FILE`; ValueError names what is wrong."""
    name, sep, file = value.partition("=")
    name = name.strip()
    if name not in formats():
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(formats())})")
    if sep and not file:
        raise ValueError(f"'{value}': no file after '='")
    return Output(name, Path(file) if sep else None)


def plan(primary: Output, primary_given: bool, extra: tuple[Output, ...], statistics: bool) -> list[Output]:
    """Every output of the run. `--format/--output` is one of them unless an `--output-format`
    takes standard output and `--format` was not given; at most one writes to stdout."""
    to_stdout = [o for o in extra if o.file is None]
    outputs = list(extra)
    if primary.file is not None or primary_given or not to_stdout:
        outputs.insert(0, primary)
    stdout = [o for o in outputs if o.file is None]
    if statistics and not stdout:  # the statistics are printed, whatever goes to files
        stdout = [Output("text")]
        outputs.append(stdout[0])
    if len(stdout) > 1:
        raise ConfigError(f"only one output can go to standard output (got {', '.join(str(o) for o in stdout)}): give the others a file, as in FORMAT=FILE")
    files = [o.file.resolve() for o in outputs if o.file is not None]
    for file in files:
        if files.count(file) > 1:
            raise ConfigError(f"{file.name} is given as the output of two formats")
    if statistics and stdout and stdout[0].format != "text":
        raise ConfigError(f"--statistics prints text on standard output: it cannot be combined with {stdout[0]} there")
    return outputs


def notes(report: Report, baseline: Path | None, since: str | None) -> list[str]:
    """What the report leaves out, in words: the end of the text summary."""
    lines = []
    if baseline is not None:
        n = report.baselined
        lines.append(f"{n} finding{'s' if n != 1 else ''} baselined in {baseline} (not shown).")
        if report.stale_baseline:
            k = report.stale_baseline
            lines.append(
                f"{k} baseline entr{'ies' if k != 1 else 'y'} in {baseline} no longer match{'' if k != 1 else 'es'} anything: "
                f"re-write it with --write-baseline {baseline} to shrink it."
            )
    if since is not None:
        n = report.preexisting
        lines.append(f"{n} finding{'s were' if n != 1 else ' was'} already there at {since} (not shown).")
    return lines


def write_all(report: Report, outputs: list[Output], quiet: bool, statistics: bool, extra_lines: list[str]) -> None:
    from wscheck.reporters import RENDERERS

    stdout_has_text = False
    for output in outputs:
        if output.file is None:
            stdout_has_text = output.format == "text" or statistics
            _write(report, output, sys.stdout, RENDERERS, quiet, statistics, extra_lines)
            continue
        try:
            with output.file.open("w", encoding="utf-8") as handle:
                _write(report, output, handle, RENDERERS, quiet, False, extra_lines)
        except OSError as error:
            raise ConfigError(f"cannot write {output.file}: {error.strerror}") from None
    if extra_lines and not quiet and not stdout_has_text:
        sys.stderr.write("".join(f"{line}\n" for line in extra_lines))


def _write(report: Report, output: Output, out: TextIO, renderers, quiet: bool, statistics: bool, extra_lines: list[str]) -> None:
    if statistics:
        from wscheck.reporters.statistics import render as render_statistics

        render_statistics(report, out)
    elif output.format == "text":
        renderers["text"](report, out, quiet=quiet)
    else:
        renderers[output.format](report, out)
        return
    if not quiet:
        out.write("".join(f"{line}\n" for line in extra_lines))
