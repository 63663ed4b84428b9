"""Polling detection: whether one client's requests to one path repeat at a steady interval.

The typical inter-arrival time (the mean of the middle half of the gaps) is the candidate
period; the series is polling when most gaps sit on that beat (or on two or three beats: a
missed or throttled request) with a small spread around it. Timestamps in whole seconds
widen the tolerance by that second. Several pollers of one path from one client (two tabs
behind one address) interleave their beats: their lag-k gaps (t[i+k] - t[i]) are then
steady where the plain gaps are not, and epoch folding confirms k phases. Why this test
rather than a periodogram, and how it was tuned, is in docs/traffic.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import Sequence

MIN_REQUESTS = 4  # fewer is no series: three requests make two gaps, and two gaps agree by chance
MIN_INTERVAL_S = 0.1  # faster repeats are bursts (retries, a page's parallel fetches), not a timer
TOLERANCE = 0.25  # a gap is on the beat within 25 % of the period (plus the timestamp resolution)
SPREAD = 0.08  # and the median distance from the beat is at most 8 % of the period
SINGLE_BEAT = 0.7  # of the gaps at least: on exactly one beat
SKIPPED = 0.15  # of the gaps at most: on two or three beats (a missed or throttled request)
OFF_BEAT = 0.15  # of the gaps at most: on no beat (a pause, a reload)
EXTRA = 0.25  # of the requests at most: between beats (a refetch on focus, a click), ignored
MAX_SKIPPED_BEATS = 3
LOCKED_BELOW = 16  # requests: a shorter series must also keep its phase (see `locked`)
MAX_POLLERS = 4  # lag-k gaps are tried up to k = 4


@dataclass(frozen=True)
class Periodicity:
    interval_s: float  # one poller's period
    pollers: int = 1  # interleaved pollers in the series (the lag at which it is steady)
    on_beat: int = 0  # gaps on one beat
    skipped: int = 0  # gaps of two or three beats
    off_beat: int = 0  # gaps that fit no beat (a pause, a reload)

    @property
    def per_minute(self) -> float:
        return self.pollers * 60.0 / self.interval_s


def resolution(times: Sequence[float]) -> float:
    """1 s when every timestamp is a whole second (the common log format, many JSON logs),
    else 0: milliseconds and finer are below any polling interval worth reporting."""
    return 1.0 if all(t == int(t) for t in times) else 0.0


def periodicity(times: Sequence[float]) -> Periodicity | None:
    """The series' steady interval, or None when it has none (or too few requests)."""
    ordered = sorted(times)
    step = resolution(ordered)
    for lag in range(1, MAX_POLLERS + 1):
        if len(ordered) < MIN_REQUESTS * lag:
            break
        gaps = [ordered[i + lag] - ordered[i] for i in range(len(ordered) - lag)]
        found = steady(gaps, step, strict=lag > 1)
        if found is None:
            continue
        # k timers of one period fold into k phases; one jittery timer at period/k (which the
        # plain gaps just rejected) folds into one phase at period/k: that is no interleaving
        if lag == 1 and len(ordered) < LOCKED_BELOW and not locked(ordered, found.interval_s, step):
            return None
        if lag == 1 or (folds(ordered, found.interval_s, lag, step) and not folds(ordered, found.interval_s / lag, 1, step)):
            return Periodicity(found.interval_s, lag, found.on_beat, found.skipped, found.off_beat)
    return None


def steady(gaps: Sequence[float], step: float = 0.0, strict: bool = False) -> Periodicity | None:
    """Whether gaps keep one beat, or None. The beat is first the mean of the middle half of
    the gaps (gaps 2, 3, 2, 3 of a 2.5 s timer logged in whole seconds: 2.5, where the
    median would be 2 or 3), then the mean over every gap on it, and judged again there.
    `strict` (lag-k gaps, whose sums smooth out any series) allows no skipped beat and half
    the spread."""
    ordered = sorted(gaps)
    middle = ordered[len(ordered) // 4: len(ordered) - len(ordered) // 4]
    period = sum(middle) / len(middle)
    for _ in range(2):
        if period < max(MIN_INTERVAL_S, step):
            return None  # below the timestamps' resolution a gap says nothing
        fit = _fit(gaps, period, step)
        if fit is None:
            return None
        period = fit.interval_s
    if not _judge(fit, len(gaps), fit.interval_s, step, strict):
        return None
    return Periodicity(fit.interval_s, 1, fit.on_beat, fit.skipped, fit.off_beat)


@dataclass(frozen=True)
class _Fit:
    interval_s: float
    on_beat: int
    skipped: int
    off_beat: int
    repeats: int  # requests between beats, or twice in one (or in one whole second of a fast timer)
    spread: float  # median distance of a gap from its beat


def _fit(gaps: Sequence[float], period: float, step: float) -> _Fit | None:
    """Each gap against the beat. A gap short of the beat is carried into the next: an extra
    request between two beats (a refetch on focus, a click), or two in one whole second of
    a 1-second timer (gaps 1, 0, 2 are three beats)."""
    tolerance = TOLERANCE * period + step
    covered = beats = single = skipped = off = repeats = 0
    deviations: list[float] = []
    pending, merged, extra = 0.0, 0, False
    for gap in gaps:
        pending += gap
        merged += 1
        count = round(pending / period)
        if count == 0 and gap <= step:
            continue  # a whole-second timestamp's rounding (gaps 1, 0, 2 of a 1-second timer)
        if count == 0 or pending < period - tolerance:
            extra = True  # a request off the beat (a double fetch, a click between beats): skipped over
            continue
        deviation = abs(pending - count * period)
        if count > MAX_SKIPPED_BEATS or deviation > tolerance:
            off += merged
        else:
            covered += pending
            beats += count
            deviations.append(deviation)
            # off-beat requests made one interval of this stretch; else each gap was a beat (1, 0, 2)
            intervals = 1 if extra else min(count, merged)
            single += intervals - (1 if count > intervals else 0)
            skipped += 1 if count > intervals else 0
            repeats += merged - intervals
        pending, merged, extra = 0.0, 0, False
    if not beats:
        return None
    return _Fit(covered / beats, single, skipped, off, repeats + merged, median(deviations))


def _judge(fit: _Fit, gaps: int, period: float, step: float, strict: bool) -> bool:
    total = gaps - fit.repeats
    short = total < 2 * MIN_REQUESTS  # a short series must keep the beat throughout
    single = fit.on_beat
    if single < MIN_REQUESTS - 1 or single < SINGLE_BEAT * total:
        return False
    if (short and fit.off_beat) or (strict and single < total):
        return False
    if fit.skipped > SKIPPED * total or fit.off_beat > OFF_BEAT * total or fit.repeats > EXTRA * (gaps + 1):
        return False
    return fit.spread <= SPREAD * period * (0.5 if strict else 0.75 if short else 1.0) + step / 2


def locked(times: Sequence[float], period: float, step: float) -> bool:
    """A timer keeps its phase: its requests sit on one grid of the period. A short series of
    a person's requests can pass the gap test (each gap some whole number of beats, the
    strays carried over) yet drift across the whole period: folded, it is no one phase."""
    angles = [2 * math.pi * ((t - times[0]) / period % 1.0) for t in times]
    centre = math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles))) / (2 * math.pi)
    width = TOLERANCE + step / period
    on_grid = sum(1 for t in times if abs(((t - times[0]) / period - centre + 0.5) % 1.0 - 0.5) <= width)
    return on_grid >= (1 - EXTRA) * len(times)


def folds(times: Sequence[float], period: float, pollers: int, step: float) -> bool:
    """Epoch folding: `pollers` timers of one period put every request within one of at most
    `pollers` narrow phases of the period; a series that only looks steady in its lag-k sums
    spreads over the whole period."""
    phases = sorted(((t - times[0]) / period) % 1.0 for t in times)
    # start the circle after its widest empty stretch, so that no cluster wraps around
    widest = max(range(len(phases)), key=lambda i: (phases[i] - phases[i - 1]) % 1.0)
    phases = [(p - phases[widest]) % 1.0 for p in phases[widest:] + phases[:widest]]
    split = SPREAD + step / period  # a wider empty stretch separates two timers
    extent = TOLERANCE + step / period  # one timer's requests lie within this much of the period
    clusters, start = 1, 0
    for i in range(1, len(phases)):
        if phases[i] - phases[i - 1] > split:
            if phases[i - 1] - phases[start] > extent:
                return False
            clusters, start = clusters + 1, i
    return clusters <= pollers and phases[-1] - phases[start] <= extent
