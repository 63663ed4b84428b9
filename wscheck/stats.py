"""Stats: what a scan cost — files parsed and taken from the cache, and where the time
went (for `--verbose` and the JSON summary)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScanStats:
    files_parsed: int = 0  # files a parser read this run
    files_cached: int = 0  # files whose facts came from the cache
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds), in pipeline order

    def lines(self, report: float | None = None, total: float | None = None) -> list[str]:
        """`--verbose`'s account; `report` and `total` are timed by the caller, around the
        rendering and the whole command (start-up and imports excepted)."""
        stages = list(self.stages) + ([("report", report)] if report is not None else [])
        total = total if total is not None else sum(seconds for _, seconds in stages)
        rows = []
        for name, seconds in stages:
            extra = f"  ({self.files_parsed} files parsed, {self.files_cached} from the cache)" if name == "parse" else ""
            if name == "reuse":
                extra = "  (no file changed since the last such scan: its report is reused; --no-cache to redo it)"
            rows.append(f"  {name:<10} {seconds:7.3f} s{extra}")
        return ["wscheck: where the time went", *rows, f"  {'total':<10} {total:7.3f} s"]


@dataclass
class Stopwatch:
    """Lap times of the pipeline's stages."""

    laps: list[tuple[str, float]] = field(default_factory=list)
    _last: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str, minus: float = 0.0) -> None:
        now = time.perf_counter()
        self.laps.append((stage, max(0.0, now - self._last - minus)))
        self._last = now
