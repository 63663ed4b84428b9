#!/usr/bin/env python3
"""Time full wscheck scans of a generated project, running the CLI as a user would.

    python benchmarks/run.py [--files 10000] [--repeat 3] [--keep DIR] [--seed S]

Generates the project (benchmarks/generate.py) into a temporary directory, or reuses
`--keep DIR` when it already exists (generating into it otherwise and keeping it), then
runs `python -m wscheck check DIR --format json --exit-zero --no-progress` `--repeat`
times with the cache disabled (cold scans), and the same number of times with the cache
enabled after one priming run (warm scans). Prints min/median wall time, files per
second and the scan's summary numbers next to the generator's expectations, then one
markdown table row for the README. This is a benchmark, not a test: nothing here
asserts anything about speed. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import generate  # noqa: E402  (sibling module, stdlib only)

# Flags a CLI still being written may not accept yet: dropped one by one if rejected.
OPTIONAL_FLAGS = ["--no-progress", "--no-cache"]


class CliError(RuntimeError):
    pass


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    return env


def rejected_flag(stderr: str, flags: list[str]) -> str | None:
    """The optional flag a usage error (exit 2) complains about, if any."""
    for flag in flags:
        if flag in stderr:
            return flag
    lowered = stderr.lower()
    if any(w in lowered for w in ("no such option", "unrecognized", "unknown option", "unexpected extra")):
        return flags[-1] if flags else None
    return None


class Runner:
    def __init__(self, project: str) -> None:
        self.project = project
        self.env = cli_env()
        self.flags = list(OPTIONAL_FLAGS)
        self.dropped: list[str] = []

    def command(self, cache: bool) -> list[str]:
        flags = [f for f in self.flags if cache is False or f != "--no-cache"]
        return [sys.executable, "-m", "wscheck", "check", self.project,
                "--format", "json", "--exit-zero", *flags]

    def scan(self, cache: bool) -> tuple[float, dict]:
        """One timed run; retries without an optional flag the CLI rejects."""
        while True:
            cmd = self.command(cache)
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            if proc.returncode == 2:
                flag = rejected_flag(proc.stderr, [f for f in self.flags if f in cmd])
                if flag:
                    self.flags.remove(flag)
                    self.dropped.append(flag)
                    print(f"  (the CLI rejected {flag}; retrying without it)", flush=True)
                    continue
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
                raise CliError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n  " + "\n  ".join(tail))
            try:
                report = json.loads(proc.stdout)
            except json.JSONDecodeError as exc:
                raise CliError(f"the CLI did not print JSON ({exc}); first bytes: {proc.stdout[:200]!r}")
            return elapsed, report


def startup_time(env: dict[str, str]) -> float | None:
    """Wall time of `python -m wscheck --version`: the fixed cost inside every scan."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "wscheck", "--version"], cwd=REPO, env=env,
                          capture_output=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed if proc.returncode == 0 else None


def prepare(args: argparse.Namespace) -> tuple[str, dict, str | None]:
    """Returns (project dir, manifest, temp dir to delete or None)."""
    if args.keep and os.path.isdir(args.keep) and os.listdir(args.keep):
        path = os.path.abspath(args.keep)
        manifest_path = os.path.join(path, generate.MANIFEST_NAME)
        manifest = {}
        if os.path.exists(manifest_path):
            with open(manifest_path, encoding="utf-8") as fh:
                manifest = json.load(fh)
        if manifest.get("files") not in (None, args.files):
            print(f"note: reusing {path}, generated with --files {manifest['files']} "
                  f"(ignoring --files {args.files})")
        print(f"reusing {path}")
        return path, manifest, None
    tmp = None
    if args.keep:
        path = os.path.abspath(args.keep)
    else:
        tmp = tempfile.mkdtemp(prefix="wscheck-bench-")
        path = os.path.join(tmp, "project")
    start = time.perf_counter()
    manifest = generate.generate(path, args.files, args.seed, args.relevant_percent)
    print(f"generated {args.files} files into {path} in {time.perf_counter() - start:.2f}s")
    return path, manifest, tmp


def series(runner: Runner, repeat: int, cache: bool) -> tuple[list[float], dict]:
    times, report = [], {}
    for i in range(repeat):
        elapsed, report = runner.scan(cache)
        times.append(elapsed)
        print(f"  run {i + 1}/{repeat}: {elapsed:.2f}s")
    return times, report


def fmt(value) -> str:
    return "?" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time full wscheck scans of a generated project.")
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="reuse DIR if it exists, else generate into it and keep it")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--relevant-percent", type=float, default=3.0)
    ap.add_argument("--warm", action="store_true", help="also time warm runs (once wscheck has a cache)")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
          f"({platform.python_implementation()}), {platform.platform()}")
    project, manifest, tmp = prepare(args)
    runner = Runner(project)
    try:
        start_s = startup_time(runner.env)
        if start_s is not None:
            print(f"CLI start-up (python -m wscheck --version): {start_s:.2f}s")

        print(f"cold scans (cache disabled), {args.repeat} runs:")
        cold, report = series(runner, args.repeat, cache=False)
        cold_is_cold = "--no-cache" in runner.flags
        warm = []
        if args.warm and cold_is_cold:
            print(f"warm scans (cache enabled, after one priming run), {args.repeat} runs:")
            runner.scan(cache=True)
            warm, _ = series(runner, args.repeat, cache=True)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    summary = report.get("summary", {})
    scanned = summary.get("files_scanned")
    expected = manifest.get("expected", {})
    n_files = manifest.get("files", args.files)
    print()
    print(f"wscheck {report.get('tool', {}).get('version', '?')}; flags dropped: {', '.join(runner.dropped) or 'none'}")
    print(f"files_scanned:            {fmt(scanned)}  (generated: {n_files} + ignored trees that must be pruned)")
    print(f"endpoints:                {fmt(summary.get('endpoints'))}  (generated: {fmt(expected.get('endpoints'))})")
    print(f"endpoints_with_broadcast: {fmt(summary.get('endpoints_with_broadcast'))}  "
          f"(generated: {fmt(expected.get('endpoints_with_broadcast'))})")
    print(f"polling_sites:            {fmt(summary.get('polling_sites'))}  (generated: {fmt(expected.get('polling_sites'))})")
    if summary.get("findings"):
        print(f"findings:                 {summary['findings']}")

    rate_base = scanned if isinstance(scanned, int) and scanned > 0 else n_files
    label = "cold" if cold_is_cold else "cache state unknown (--no-cache rejected)"
    print(f"{label}: min {min(cold):.2f}s, median {statistics.median(cold):.2f}s, "
          f"{rate_base / statistics.median(cold):,.0f} files/s")
    if warm:
        print(f"warm: min {min(warm):.2f}s, median {statistics.median(warm):.2f}s, "
              f"{rate_base / statistics.median(warm):,.0f} files/s")
    print()
    print("| files | min s | median s | files/s |")
    print("|---|---|---|---|")
    print(f"| {rate_base} | {min(cold):.2f} | {statistics.median(cold):.2f} | {rate_base / statistics.median(cold):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
