"""Stats: what a scan cost — files parsed and taken from the cache, and where the time
went — and what it left out as vendored or generated (for `--verbose` and the JSON summary)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from wscheck.vendored import Skipped

SHOWN_SKIPPED = 20  # `--verbose` lists this many skipped paths, then says how many more


@dataclass(frozen=True)
class ScanStats:
    files_parsed: int = 0  # files a parser read this run
    files_cached: int = 0  # files whose facts came from the cache
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds), in pipeline order
    skipped: tuple[Skipped, ...] = ()  # vendored directories and built files left out, by path

    def reused(self, stages: tuple[tuple[str, float], ...] = ()) -> ScanStats:
        """What a scan reusing this one's report costs: nothing parsed, every fact reused."""
        return ScanStats(0, self.files_parsed + self.files_cached, stages, self.skipped)

    @property
    def skipped_directories(self) -> int:
        return sum(1 for s in self.skipped if s.directory)

    @property
    def skipped_files(self) -> int:
        return len(self.skipped) - self.skipped_directories

    def skipped_lines(self) -> list[str]:
        """`--verbose`'s account of what was left out as vendored or generated."""
        if not self.skipped:
            return []
        rows = [f"  {s.path}  ({s.why})" for s in self.skipped[:SHOWN_SKIPPED]]
        if len(self.skipped) > SHOWN_SKIPPED:
            rows.append(f"  … and {len(self.skipped) - SHOWN_SKIPPED} more")
        return [f"wscheck: skipped as vendored or generated ({skipped_summary(self)}; `include` scans one anyway)", *rows]

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


def skipped_summary(stats: ScanStats) -> str:
    """`1 directory, 2 files`."""
    dirs, files = stats.skipped_directories, stats.skipped_files
    parts = [f"{dirs} director{'ies' if dirs != 1 else 'y'}"] if dirs else []
    parts += [f"{files} file{'s' if files != 1 else ''}"] if files or not dirs else []
    return ", ".join(parts)
