"""Outputs: where the report goes (`--format`/`--output`, `--output-format FORMAT[=FILE]`,
`--statistics`) and writing it there, with the notes on what a baseline or `--new-since`
left out. Between the CLI and the reporters; formats come from `reporters.RENDERERS`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wscheck.config import ConfigError
from wscheck.report import Report

if TYPE_CHECKING:  # the reporters load late: `wscheck rule` and `--version` need none
    from wscheck.reporters.common import RenderOptions


@dataclass(frozen=True)
class Output:
    format: str
    file: Path | None = None  # None: standard output

    def __str__(self) -> str:
        return self.format if self.file is None else f"{self.format}={self.file}"


def formats() -> list[str]:
    """The `--format` choices: every renderer but those chosen by a flag of their own."""
    from wscheck.reporters import NOT_FORMATS, RENDERERS  # late: `wscheck rule` and `--version` need no reporter

    return [name for name in RENDERERS if name not in NOT_FORMATS]


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
    takes standard output and `--format` was not given; at most one writes to stdout. With
    `--statistics`, the statistics are that one, in place of its text report."""
    to_stdout = [o for o in extra if o.file is None]
    outputs = list(extra)
    if primary.file is not None or primary_given or not to_stdout:
        outputs.insert(0, primary)
    stdout = [o for o in outputs if o.file is None]
    if len(stdout) > 1:
        raise ConfigError(f"only one output can go to standard output (got {', '.join(str(o) for o in stdout)}): give the others a file, as in FORMAT=FILE")
    files = [o.file.resolve() for o in outputs if o.file is not None]
    for file in files:
        if files.count(file) > 1:
            raise ConfigError(f"{file.name} is given as the output of two formats")
    if not statistics:
        return outputs
    if stdout and stdout[0].format != "text":
        raise ConfigError(f"--statistics prints text on standard output: it cannot be combined with {stdout[0]} there")
    # the statistics are printed, whatever goes to files
    return [Output("statistics") if o.file is None else o for o in outputs] + ([] if stdout else [Output("statistics")])


def notes(report: Report, baseline: Path | None, since: str | None) -> tuple[str, ...]:
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
    return tuple(lines)


def write_all(report: Report, outputs: list[Output], options: RenderOptions, stdout: TextIO, stderr: TextIO) -> None:
    """Each output rendered by its format's renderer; the notes go to stderr when no report
    for people (text, statistics) is on standard output to end with them."""
    from wscheck.reporters import FOR_PEOPLE, RENDERERS
    from wscheck.reporters.common import write_notes

    for output in outputs:
        if output.file is None:
            RENDERERS[output.format](report, stdout, options)
            continue
        try:
            with output.file.open("w", encoding="utf-8") as handle:
                RENDERERS[output.format](report, handle, options)
        except OSError as error:
            raise ConfigError(f"cannot write {output.file}: {error.strerror}") from None
    if not any(o.file is None and o.format in FOR_PEOPLE for o in outputs):
        write_notes(stderr, options)
