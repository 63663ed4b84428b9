#!/usr/bin/env python3
"""Measure what wscheck.executor.thresholds rests on, on this machine.

    python benchmarks/executor.py [--rounds 5]

Each figure is the median of `--rounds` runs, each in a fresh interpreter (a parser is
imported once per process): importing each parser (IMPORT_SECONDS); extracting, here, the
files real scans parse (those of the repository's examples and of the corpora of
benchmarks/real.py found in --corpora-dir), fitted as seconds a file plus bytes a CPU
second (PARSE_COSTS); and a parse worker's start (fork to first answer) and a task's round
trip, from which WORKER_PAYS_FROM follows. Run it with the interpreter wscheck is
installed in.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE = r"""
import json, os, pickle, sys, time
sys.path.insert(0, REPO)
import wscheck.engine, wscheck.demand.server, wscheck.demand.client  # what a scan holds before it parses
from wscheck.demand.tasks import Task, run
from wscheck.executor.workers import Workers

SERVER, CLIENT = "wscheck.extract.server.extractor:extract_python", "wscheck.extract.client.extractor:extract_client"
with open(TASKS, "rb") as handle:
    tasks = pickle.load(handle)
server = [t for t in tasks if t.function == SERVER]
client = [t for t in tasks if t.function == CLIENT]
found = {}

def cpu(work):
    start = time.process_time()
    work()
    return time.process_time() - start

if MODE == "here":
    for name, tasks, module in (("python", server, SERVER), ("typescript", client, CLIENT)):
        found[name + "_import_s"] = cpu(lambda: __import__(module.partition(":")[0]))
        cpu(lambda: [run(t) for t in tasks])  # first-use costs
        sizes, seconds = [len(t.source) for t in tasks], [cpu(lambda: run(t)) for t in tasks]
        mean_size, mean_seconds = sum(sizes) / len(sizes), sum(seconds) / len(seconds)
        slope = sum((x - mean_size) * (y - mean_seconds) for x, y in zip(sizes, seconds)) / sum((x - mean_size) ** 2 for x in sizes)
        found[name + "_per_file_s"] = mean_seconds - slope * mean_size
        found[name + "_bytes_per_s"] = 1 / slope
else:
    __import__(SERVER.partition(":")[0])
    workers = Workers(2, 0)
    start = time.perf_counter()
    workers.run(server[:1], 1)  # fork, and the first answer
    found["worker_start_s"] = time.perf_counter() - start
    tiny = [Task("t.py", b"", "operator:is_", (), "")] * 200
    start = time.perf_counter()
    workers.run(tiny, 1)
    found["round_trip_s"] = (time.perf_counter() - start) / len(tiny)
    workers.close()
print(json.dumps(found))
"""


def parsed_by_scans(corpora: str, tasks_file: str) -> int:
    """Scan the examples and the corpora found, keeping every task given to the executor."""
    sys.path.insert(0, REPO)
    from pathlib import Path
    import pickle

    from wscheck.config import load_settings
    from wscheck.demand import extraction
    from wscheck.engine import RunOptions, scan

    kept: list = []
    run = extraction.Extraction.run
    extraction.Extraction.run = lambda self, batch: (kept.extend(batch), run(self, batch))[1]
    folders = [os.path.join(REPO, "examples", n) for n in sorted(os.listdir(os.path.join(REPO, "examples")))]
    if os.path.isdir(corpora):
        folders += [os.path.join(corpora, n) for n in sorted(os.listdir(corpora)) if not n.startswith(("_", "."))]
    for folder in folders:
        if os.path.isdir(folder):
            scan([Path(folder)], load_settings(Path(folder)), folder, run=RunOptions(jobs=1))
    with open(tasks_file, "wb") as handle:
        pickle.dump(kept, handle)
    return len(kept)


def measure(mode: str, tasks_file: str) -> dict:
    code = f"REPO = {REPO!r}\nMODE = {mode!r}\nTASKS = {tasks_file!r}\n" + PROBE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpora-dir", default=os.environ.get("WSCHECK_CORPORA", "/work/corpora"))
    arguments = parser.parse_args()
    import tempfile

    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        tasks_file = os.path.join(scratch, "tasks.pickle")
        print(f"{parsed_by_scans(arguments.corpora_dir, tasks_file)} files parsed by the scans, measured:")
        for _ in range(arguments.rounds):
            for mode in ("here", "workers"):
                for key, value in measure(mode, tasks_file).items():
                    samples.setdefault(key, []).append(value)
    figures = {key: statistics.median(values) for key, values in samples.items()}
    for key, value in figures.items():
        shown = f"{value / 1e6:.2f} MB/s" if key.endswith("bytes_per_s") else f"{value * 1000:.2f} ms"
        print(f"{key:<24} {shown}")
    # two workers halve a batch of S seconds for two starts (each: a fork and its first answer)
    pays = 2 * figures["worker_start_s"] + 2 * figures["round_trip_s"]
    print("\nthresholds, as measured here:")
    for name in ("python", "typescript"):
        print(f"  PARSE_COSTS[{name}] = ({figures[name + '_per_file_s']:.5f}, {figures[name + '_bytes_per_s']:,.0f})"
              f"   IMPORT_SECONDS[{name}] = {figures[name + '_import_s']:.3f}")
    print(f"  WORKER_PAYS_FROM ~ {pays:.3f} (two workers pay from {2 * pays:.3f} s of parsing here)")


if __name__ == "__main__":
    main()
