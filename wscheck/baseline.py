"""Baseline: record today's findings by fingerprint; later runs report only the new ones.

Used after the report is built (`--write-baseline`, `--baseline`). Matching counts
fingerprints as a multiset: two identical findings in one file need two entries, and a
third one appearing later is reported. Entries that match nothing any more are stale.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from wscheck import __version__
from wscheck.config import ConfigError
from wscheck.findings import Finding
from wscheck.report import Report, fingerprint

VERSION = 1


def document(findings: Iterable[Finding]) -> dict:
    entries = [
        {"fingerprint": fingerprint(f), "code": f.code, "file": f.location.file, "message": f.message}
        for f in findings
    ]
    entries.sort(key=lambda e: (e["file"], e["code"], e["fingerprint"], e["message"]))
    return {"version": VERSION, "tool": {"name": "wscheck", "version": __version__}, "entries": entries}


def write(findings: Iterable[Finding], path: Path) -> int:
    """Write the baseline; the number of entries."""
    data = document(findings)
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot write baseline {path}: {error.strerror}") from None
    return len(data["entries"])


def load(path: Path) -> Counter[str]:
    """The baseline's fingerprints, each with how many findings it stands for."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"baseline file not found: {path} (create it with --write-baseline {path})") from None
    except OSError as error:
        raise ConfigError(f"cannot read baseline {path}: {error.strerror}") from None
    except ValueError as error:
        raise ConfigError(f"{path}: not a wscheck baseline (invalid JSON: {error})") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(entries, list):
        raise ConfigError(f"{path}: not a wscheck baseline (expected version {VERSION} with a list of entries)")
    if not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise ConfigError(f"{path}: not a wscheck baseline (every entry needs a fingerprint)")
    return Counter(e["fingerprint"] for e in entries)


def subtract(findings: list[Finding], known: Counter[str]) -> tuple[list[Finding], int, int]:
    """(findings not in `known`, how many were, how many of `known` matched nothing)."""
    remaining = Counter(known)
    kept: list[Finding] = []
    for finding in findings:
        key = fingerprint(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return kept, len(findings) - len(kept), sum(remaining.values())


def apply(report: Report, known: Counter[str]) -> Report:
    """The report without the findings `known` (a loaded baseline) stands for."""
    kept, matched, stale = subtract(report.findings, known)
    return replace(report, findings=kept, baselined=report.baselined + matched, stale_baseline=stale)
