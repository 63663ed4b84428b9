"""Run every probe at once on one event loop (eight sockets waiting 30 s take about 30 s), with a
live progress line per socket on a terminal."""

from __future__ import annotations

import asyncio
import sys
import time

from wscheck.probe.connections import Options
from wscheck.probe.observe import Observation, Plan, Tracker, observe
from wscheck.probe.targets import Target

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def run(targets: list[Target], options: Options, plan: Plan, progress: bool) -> list[Observation]:
    return asyncio.run(_all(targets, options, plan, progress))


async def _all(targets: list[Target], options: Options, plan: Plan, progress: bool) -> list[Observation]:
    trackers = [Tracker(t.label) for t in targets]
    probes = asyncio.gather(*(observe(t, options, plan, k) for t, k in zip(targets, trackers)))
    if not (progress and sys.stderr.isatty()):
        return list(await probes)
    from rich.console import Console
    from rich.live import Live

    display = _Lines(trackers, asyncio.get_running_loop().time)
    with Live(display, console=Console(stderr=True), refresh_per_second=8, transient=True):
        return list(await probes)


class _Lines:
    """One line per socket: what it is doing, what it got, how long it has left."""

    def __init__(self, trackers: list[Tracker], clock) -> None:
        self.trackers, self.clock = trackers, clock
        self.width = max(len(t.label) for t in trackers)

    def __rich__(self):
        from rich.text import Text

        frame = SPINNER[int(time.monotonic() * 8) % len(SPINNER)]
        lines = Text()
        for tracker in self.trackers:
            mark = ("✗" if tracker.state == "failed" else "✓") if tracker.done else frame
            left = "" if tracker.until is None or tracker.done else f", {max(0.0, tracker.until - self.clock()):.0f} s left"
            got = f"initial {tracker.initial}, updates {tracker.updates}"
            lines.append(f"{mark} {tracker.label:<{self.width}}  {tracker.state} ({got}{left})\n")
        lines.rstrip()
        return lines
