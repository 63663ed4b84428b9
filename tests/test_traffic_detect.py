"""Polling detection on generated traffic (tests/traffic_logs.py): timers with jitter,
missed beats and whole-second timestamps are found at their interval; several pollers from
one client are told apart; people browsing are never polling. docs/traffic.md gives the
rates these bounds were tuned on."""

from __future__ import annotations

import json
import random
from collections import defaultdict

import pytest
from click.testing import CliRunner

import traffic_logs as T
from wscheck.cli import main
from wscheck.traffic.detect import periodicity
from wscheck.traffic.templates import template


def seconds_only(times):
    return [float(int(t)) for t in times]


@pytest.mark.parametrize("every", [1.0, 2.5, 3.0, 10.0, 30.0, 60.0])
@pytest.mark.parametrize("jitter", [0.0, 0.02, 0.04])
def test_timers_are_found_at_their_interval(every, jitter):
    rng = random.Random(int(every * 100) + int(jitter * 1000))
    times = [h.time for h in T.timer(rng, "/x", every, every * 40, jitter=jitter, miss=0.03)]
    found = periodicity(times)
    assert found is not None and found.interval_s == pytest.approx(every, rel=0.05) and found.pollers == 1


@pytest.mark.parametrize("every", [1.0, 2.5, 3.0, 5.0, 30.0])
def test_whole_second_timestamps(every):
    """Common log format times: a 2.5 s timer logs gaps of 2 and 3 s, a 1 s timer gaps of
    0, 1 and 2 s; the beat is still found."""
    rng = random.Random(int(every * 10))
    times = seconds_only(h.time for h in T.timer(rng, "/x", every, every * 30, start=T.START + rng.uniform(0, 1)))
    found = periodicity(times)
    assert found is not None and found.interval_s == pytest.approx(every, abs=0.15)


def test_four_requests_are_enough_and_three_are_not():
    assert periodicity([0.0, 3.0, 6.01, 9.0]).interval_s == pytest.approx(3.0, abs=0.01)
    assert periodicity([0.0, 3.0, 6.0]) is None


def test_bursts_and_irregular_series_are_not_polling():
    assert periodicity([0.0, 0.01, 0.02, 0.03, 0.04]) is None  # a page's parallel fetches
    assert periodicity([0.0, 2.0, 9.0, 11.0, 30.0, 31.0, 70.0]) is None
    assert periodicity([0.0, 3.0, 6.0, 9.0, 40.0, 41.0, 90.0, 91.5]) is None  # steady at first, then not


def test_two_tabs_polling_one_path_from_one_address():
    """Behind one address (a proxy, two tabs) two 3 s timers interleave: 40 requests/minute."""
    rng = random.Random(9)
    for offset in (0.4, 1.1, 2.3):
        times = [h.time for h in T.timer(rng, "/x", 3, 90) + T.timer(rng, "/x", 3, 90, start=T.START + offset)]
        found = periodicity(times)
        assert found is not None and found.per_minute == pytest.approx(40, rel=0.08), offset


def test_people_browsing_are_never_polling():
    """An hour of 30 people using a dashboard (pages opened at human pace, each fetching its
    API paths at once), at millisecond and whole-second resolution: no series is polling."""
    rng = random.Random(2025)
    series = defaultdict(list)
    for person in range(30):
        for hit in T.browsing(rng, f"10.0.0.{person}", 3600):
            series[(hit.method, template(hit.target), hit.client)].append(hit.time)
    judged = [times for times in series.values() if len(times) >= 4]
    assert len(judged) > 500
    assert [t for t in judged if periodicity(t) or periodicity(seconds_only(t))] == []


def test_pollers_interleaved_from_one_client_are_one_series_per_path(tmp_path):
    """The post-mortem's tab: five hooks polling five paths (3 s and 30 s) from one address,
    beside its user's own clicks; a second client only browsing."""
    rng = random.Random(4)
    client = "10.0.0.7"
    hits = T.ordered(*(T.timer(rng, f"/api/v1/{name}", every, 600, client=client, start=T.START + rng.uniform(0, 3))
                       for name, every in (("queue", 3), ("adw-monitor", 3), ("queue/config", 3),
                                           ("system-status", 30), ("webhook-status", 30))),
                     T.browsing(rng, client, 600), T.browsing(rng, "10.0.0.8", 600))
    log = T.write(tmp_path / "access.log", [T.combined(h) for h in hits])
    result = CliRunner().invoke(main, ["traffic", str(log), "--format", "json"])
    document = json.loads(result.stdout)
    found = {p["path"]: p for p in document["polling"]}
    assert set(found) == {"/api/v1/queue", "/api/v1/adw-monitor", "/api/v1/queue/config",
                          "/api/v1/system-status", "/api/v1/webhook-status"}
    assert all(found[p]["interval_s"] == pytest.approx(3.0, abs=0.2) for p in ("/api/v1/queue", "/api/v1/adw-monitor"))
    assert found["/api/v1/system-status"]["interval_s"] == pytest.approx(30.0, abs=1)
    assert all(p["clients"] == 1 and p["series"][0]["client"] == client for p in found.values())
    # the post-mortem's metric: 3 × 20 + 2 × 2 = 64 requests/minute of polling
    assert document["summary"]["polling_requests_per_minute"] == pytest.approx(64, rel=0.05)
    assert "Polling: 5 paths at ~64 requests/minute" in CliRunner().invoke(main, ["traffic", str(log)]).stdout
