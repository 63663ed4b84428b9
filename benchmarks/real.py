#!/usr/bin/env python3
"""Time wscheck on pinned real corpora against semgrep and ruff, on this machine.

    python benchmarks/real.py fetch              # download and unpack the corpora (if absent)
    python benchmarks/real.py [run] [--rounds 5] [--only NAME]… [--generated-files N]

The corpora are listed, with exact versions, in benchmarks/corpora.json. `fetch` brings
each one from its registry with the ordinary client (`pip download`, `npm pack`) into
`--corpora-dir` (default /work/corpora, or $WSCHECK_CORPORA), unpacks it there and never
writes inside the repository. `run` fetches what is missing, generates the synthetic tree
of benchmarks/generate.py once (kept beside the corpora), then for each corpus times, in
alternation over `--rounds` rounds:

    wscheck cold   python -m wscheck check DIR --format json --exit-zero --no-progress --no-cache
    wscheck warm   the same without --no-cache, after one priming run
    semgrep        semgrep scan --config benchmarks/semgrep-rules.yml --metrics=off …
    ruff           ruff check --select E501 --no-cache DIR       (the parse-everything reference)

and prints medians, minimums, ratios, the peak RSS of each command, and wscheck's
files scanned / parsed / cached, then one Markdown table for the README. Raw numbers go
to `--results-dir` as JSON. This is a benchmark, not a test: it asserts nothing, and
nothing in tests/ runs it. Standard library only; run it with the interpreter that has
wscheck installed (`.venv/bin/python benchmarks/real.py`), since the CLI is started
with `sys.executable -m wscheck`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import generate  # noqa: E402  (sibling module, stdlib only)

CORPORA_FILE = os.path.join(HERE, "corpora.json")
RULES_FILE = os.path.join(HERE, "semgrep-rules.yml")
DEFAULT_ROOT = os.environ.get("WSCHECK_CORPORA", "/work/corpora")
FETCHED_MARKER = ".real-fetched.json"
CODE_EXTS = (".py", ".ts", ".tsx", ".js", ".jsx", ".vue")
PRUNED_DIRS = {"node_modules", ".git", ".wscheck_cache", ".venv", "__pycache__"}
TOOLS = ("wscheck-cold", "wscheck-warm", "semgrep", "ruff")


# --- corpora: fetch and unpack, outside the repository ------------------------------


def load_corpora() -> dict:
    with open(CORPORA_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def check_outside_repo(root: str) -> str:
    root = os.path.realpath(root)
    repo = os.path.realpath(REPO)
    if root == repo or root.startswith(repo + os.sep):
        raise SystemExit(f"error: --corpora-dir {root} is inside the repository {repo}; choose a directory outside it")
    return root


def _run_client(cmd: list[str], cwd: str) -> None:
    print(f"  $ {' '.join(cmd)}", flush=True)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-20:]
        raise RuntimeError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n    " + "\n    ".join(tail))


def _download(corpus: dict, dest: str) -> str:
    """Downloads the pinned archive into dest (once) and returns its path."""
    existing = [f for f in os.listdir(dest) if not f.startswith(".")] if os.path.isdir(dest) else []
    if not existing:
        os.makedirs(dest, exist_ok=True)
        name, version = corpus["name"], corpus["version"]
        if corpus["registry"] == "pypi":
            kind = ["--only-binary", ":all:"] if corpus.get("dist") == "wheel" else ["--no-binary", name]
            _run_client([sys.executable, "-m", "pip", "download", "--no-deps", *kind, "--dest", dest,
                         "--disable-pip-version-check", f"{name}=={version}"], cwd=dest)
        elif corpus["registry"] == "npm":
            _run_client(["npm", "pack", f"{name}@{version}", "--pack-destination", dest, "--silent"], cwd=dest)
        else:
            raise RuntimeError(f"unknown registry {corpus['registry']!r} for {name}")
        existing = [f for f in os.listdir(dest) if not f.startswith(".")]
    archives = [f for f in existing if f.endswith((".tar.gz", ".tgz", ".zip", ".whl", ".tar.bz2"))]
    if len(archives) != 1:
        raise RuntimeError(f"expected one archive in {dest}, found {existing}")
    return os.path.join(dest, archives[0])


def _unpack(archive: str, into: str) -> None:
    if archive.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                target = os.path.realpath(os.path.join(into, member))
                if not target.startswith(os.path.realpath(into) + os.sep):
                    raise RuntimeError(f"{archive}: unsafe member {member!r}")
            zf.extractall(into)
        return
    with tarfile.open(archive) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(into, filter="data")
        else:  # pragma: no cover - old Pythons
            for member in tf.getmembers():
                target = os.path.realpath(os.path.join(into, member.name))
                if not target.startswith(os.path.realpath(into) + os.sep) or member.issym() or member.islnk():
                    raise RuntimeError(f"{archive}: unsafe member {member.name!r}")
            tf.extractall(into)


def fetch(corpus: dict, root: str) -> str:
    """The corpus directory, downloaded and unpacked if absent."""
    target = os.path.join(root, corpus["dir"])
    if os.path.exists(os.path.join(target, FETCHED_MARKER)):
        return target
    print(f"fetching {corpus['name']} {corpus['version']} ({corpus['registry']}) into {target}", flush=True)
    archive = _download(corpus, os.path.join(root, "_downloads", corpus["dir"]))
    partial = os.path.join(root, f".{corpus['dir']}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    _unpack(archive, partial)
    entries = os.listdir(partial)
    inner = os.path.join(partial, entries[0]) if len(entries) == 1 and os.path.isdir(os.path.join(partial, entries[0])) else partial
    with open(os.path.join(inner, FETCHED_MARKER), "w", encoding="utf-8") as handle:
        json.dump({k: corpus[k] for k in ("name", "registry", "version") if k in corpus}
                  | {"archive": os.path.basename(archive)}, handle, indent=1)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(inner, target)
    shutil.rmtree(partial, ignore_errors=True)
    return target


def generated_tree(spec: dict, root: str, files: int) -> str:
    path = os.path.join(root, f"generated-{files}-seed{spec.get('seed', 0)}")
    if not os.path.exists(os.path.join(path, generate.MANIFEST_NAME)):
        shutil.rmtree(path, ignore_errors=True)
        start = time.perf_counter()
        generate.generate(path, files, spec.get("seed", 0), spec.get("relevant_percent", 3.0))
        print(f"generated {files} files into {path} in {time.perf_counter() - start:.1f}s", flush=True)
    return path


def count_files(path: str) -> dict[str, int]:
    counts = {ext: 0 for ext in CODE_EXTS}
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if d not in PRUNED_DIRS]
        for name in filenames:
            ext = os.path.splitext(name)[1]
            if ext in counts:
                counts[ext] += 1
    return counts


# --- measuring one command -----------------------------------------------------------


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_mb: float
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""


TIME = "/usr/bin/time"  # GNU time: forks the command from a small process, so its %M is the command's own


def measure(cmd: list[str], cwd: str, env: dict[str, str], timeout: float, keep_stdout: bool = True) -> Run:
    """Wall time and peak RSS of one command; stdout kept only when asked (ruff's can be large).

    Peak RSS is the largest single process among the command and the children it waited
    for. It is read from GNU time's %M where /usr/bin/time exists: wait4 from this process
    would be wrong, because Linux folds the forking parent's high-water RSS into the
    child's at exec, so once this script has grown, every command would seem as large."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss_file:
        use_time = os.access(TIME, os.X_OK)
        full = [TIME, "-f", "%M", "-o", rss_file.name, *cmd] if use_time else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out if keep_stdout else subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        max_rss_kb = float(usage.ru_maxrss)
        if use_time:
            lines = [line.strip() for line in rss_file.read().splitlines() if line.strip()]
            max_rss_kb = float(lines[-1]) if lines and lines[-1].isdigit() else float("nan")
        out.seek(0)
        err.seek(0)
        err.seek(max(0, os.fstat(err.fileno()).st_size - 8192))
        return Run(elapsed, proc.returncode, max_rss_kb / 1024, timed_out.is_set(),
                   out.read().decode("utf-8", "replace") if keep_stdout else "",
                   err.read().decode("utf-8", "replace"))


# --- the tools -------------------------------------------------------------------------


def find_tool(name: str, tools_bin: str | None) -> str | None:
    candidates = [tools_bin] if tools_bin else []
    candidates += [os.path.join(DEFAULT_ROOT, "tools-venv", "bin"), os.path.dirname(sys.executable)]
    for directory in candidates:
        path = os.path.join(directory, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("FORCE_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed wscheck has its bytecode; compiling it each run is not its speed
    env["NO_COLOR"] = "1"
    env["SEMGREP_SEND_METRICS"] = "off"
    env["SEMGREP_ENABLE_VERSION_CHECK"] = "0"
    return env


def commands(path: str, semgrep: str | None, ruff: str | None) -> dict[str, list[str] | None]:
    wscheck = [sys.executable, "-m", "wscheck", "check", path, "--format", "json", "--exit-zero", "--no-progress"]
    return {
        "wscheck-cold": [*wscheck, "--no-cache"],
        "wscheck-warm": wscheck,
        "semgrep": [semgrep, "scan", "--config", RULES_FILE, "--metrics=off", "--disable-version-check",
                    "--json", "--quiet", path] if semgrep else None,
        "ruff": [ruff, "check", "--select", "E501", "--no-cache", path] if ruff else None,
    }


OK_CODES = {"wscheck-cold": {0}, "wscheck-warm": {0}, "semgrep": {0, 1}, "ruff": {0, 1}}


def tool_version(cmd: list[str], env: dict[str, str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    line = (proc.stdout.strip() or proc.stderr.strip() or "?").splitlines()[-1]
    return line.split()[-1]  # "wscheck, version 0.1.0", "ruff 0.17.5", "1.185.0" -> the version


@dataclass
class CorpusResult:
    name: str
    version: str
    path: str
    files: dict[str, int]
    times: dict[str, list[float]] = field(default_factory=dict)
    rss_mb: dict[str, list[float]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    summary_cold: dict = field(default_factory=dict)
    summary_warm: dict = field(default_factory=dict)
    semgrep_results: int | None = None
    semgrep_errors: int | None = None
    load: list[float] = field(default_factory=list)  # 1-minute load average before and after

    @property
    def total_files(self) -> int:
        return sum(self.files.values())


def _wscheck_summary(run: Run) -> dict:
    try:
        return json.loads(run.stdout).get("summary", {})
    except (json.JSONDecodeError, AttributeError):
        return {}


def bench_corpus(name: str, version: str, path: str, args, env, semgrep, ruff) -> CorpusResult:
    result = CorpusResult(name, version, path, count_files(path))
    result.load.append(os.getloadavg()[0])
    cmds = commands(path, semgrep, ruff)
    active = [tool for tool in TOOLS if cmds[tool] is not None and tool not in args.skip]
    for tool in TOOLS:
        if tool not in active:
            result.problems[tool] = "skipped" if tool in args.skip else "not installed"
    print(f"\n== {name} {version}: {result.total_files:,} files "
          f"({', '.join(f'{n} {e}' for e, n in result.files.items() if n)}) in {path}", flush=True)

    def record(tool: str, run: Run) -> bool:
        if run.timed_out:
            result.problems[tool] = f"timed out after {args.timeout:.0f}s"
        elif run.returncode not in OK_CODES[tool]:
            tail = " | ".join((run.stderr or run.stdout).strip().splitlines()[-3:])
            result.problems[tool] = f"exit {run.returncode}: {tail[:300]}"
        else:
            result.times.setdefault(tool, []).append(run.seconds)
            result.rss_mb.setdefault(tool, []).append(run.max_rss_mb)
            return True
        print(f"  {tool}: {result.problems[tool]}", flush=True)
        return False

    if "wscheck-warm" in active:  # one priming run fills the cache (when there is one)
        prime = measure(cmds["wscheck-warm"], path, env, args.timeout)
        print(f"  priming wscheck-warm: {prime.seconds:.2f}s", flush=True)
        if not record("wscheck-warm", prime):
            active.remove("wscheck-warm")
        else:  # the priming run is not a warm run
            result.times["wscheck-warm"].pop()
            result.rss_mb["wscheck-warm"].pop()
    for round_no in range(1, args.rounds + 1):
        line = []
        for tool in list(active):
            run = measure(cmds[tool], path, env, args.timeout, keep_stdout=tool != "ruff")
            if not record(tool, run):
                active.remove(tool)  # a tool that failed or timed out is not run again
                line.append(f"{tool} -")
                continue
            line.append(f"{tool} {run.seconds:.2f}s")
            if tool == "wscheck-cold":
                result.summary_cold = _wscheck_summary(run)
            elif tool == "wscheck-warm":
                result.summary_warm = _wscheck_summary(run)
            elif tool == "semgrep":
                try:
                    doc = json.loads(run.stdout)
                    result.semgrep_results, result.semgrep_errors = len(doc.get("results", [])), len(doc.get("errors", []))
                except json.JSONDecodeError:
                    pass
        print(f"  round {round_no}/{args.rounds}: " + ", ".join(line), flush=True)
    result.load.append(os.getloadavg()[0])
    return result


# --- reporting -------------------------------------------------------------------------


def med(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def q(summary: dict, key: str) -> str:
    value = summary.get(key)
    return "?" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def report(result: CorpusResult, timeout: float) -> None:
    print(f"\n{result.name} {result.version}: {result.total_files:,} code files "
          f"(1-minute load average {' -> '.join(f'{x:.1f}' for x in result.load)} on {os.cpu_count()} CPUs)")
    for tool in TOOLS:
        times = result.times.get(tool)
        if times:
            print(f"  {tool:13} median {s(med(times))}s  min {s(min(times))}s  "
                  f"peak RSS {max(result.rss_mb[tool]):.0f} MB  ({len(times)} runs)")
        else:
            print(f"  {tool:13} {result.problems.get(tool, 'no runs')}")
    cold, warm = med(result.times.get("wscheck-cold")), med(result.times.get("wscheck-warm"))
    sem, ruff = med(result.times.get("semgrep")), med(result.times.get("ruff"))
    print(f"  semgrep / wscheck-cold: {ratio(sem, cold)}   wscheck-warm / ruff: {ratio(warm, ruff)}")
    sc, sw = result.summary_cold, result.summary_warm
    print(f"  wscheck cold: files_scanned {q(sc, 'files_scanned')}, files_parsed {q(sc, 'files_parsed')}, "
          f"files_cached {q(sc, 'files_cached')}; warm: files_parsed {q(sw, 'files_parsed')}, "
          f"files_cached {q(sw, 'files_cached')}")
    if sc.get("findings"):
        print(f"  wscheck findings: {sc['findings']}, endpoints {q(sc, 'endpoints')}, "
              f"with broadcast {q(sc, 'endpoints_with_broadcast')}, polling sites {q(sc, 'polling_sites')}")
    if result.semgrep_results is not None:
        print(f"  semgrep: {result.semgrep_results} results, {result.semgrep_errors} errors")
    rss = max((max(v) for k, v in result.rss_mb.items() if k.startswith("wscheck")), default=None)
    checks = [
        ("cold >= 3x faster than semgrep", None if cold is None or sem is None else sem >= 3 * cold),
        ("warm no slower than ruff", None if warm is None or ruff is None else warm <= ruff),
        ("wscheck peak RSS < 400 MB", None if rss is None else rss < 400),
    ]
    if result.total_files >= 4000:
        checks.append(("~5,000 files: cold <= 10 s", None if cold is None else cold <= 10))
    print("  issue 8 targets: " + "; ".join(f"{label}: {'?' if ok is None else 'yes' if ok else 'NO'}"
                                           for label, ok in checks))


def cell(result: CorpusResult, tool: str, timeout: float) -> str:
    times = result.times.get(tool)
    if times:
        return s(med(times))
    problem = result.problems.get(tool, "")
    return f"> {timeout:.0f}" if problem.startswith("timed out") else "—"


def table(results: list[CorpusResult], timeout: float) -> str:
    rows = [
        ("| corpus | files | wscheck cold s | wscheck warm s | semgrep s | ruff E501 s | semgrep / cold | warm / ruff "
         "| wscheck peak RSS MB | parsed / scanned |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t = {tool: med(r.times.get(tool)) for tool in TOOLS}
        rss = max((max(v) for k, v in r.rss_mb.items() if k.startswith("wscheck")), default=None)
        rows.append(
            f"| {r.name} {r.version} | {r.total_files:,} | {cell(r, 'wscheck-cold', timeout)} "
            f"| {cell(r, 'wscheck-warm', timeout)} | {cell(r, 'semgrep', timeout)} | {cell(r, 'ruff', timeout)} "
            f"| {ratio(t['semgrep'], t['wscheck-cold'])} | {ratio(t['wscheck-warm'], t['ruff'])} "
            f"| {s(rss, 0)} | {q(r.summary_cold, 'files_parsed')} / {q(r.summary_cold, 'files_scanned')} |"
        )
    return "\n".join(rows)


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time wscheck on pinned real corpora against semgrep and ruff.")
    ap.add_argument("command", nargs="?", choices=("run", "fetch"), default="run")
    ap.add_argument("--rounds", type=int, default=5, help="timed runs per tool and corpus, alternating (default 5)")
    ap.add_argument("--corpora-dir", default=DEFAULT_ROOT, help=f"where corpora are unpacked (default {DEFAULT_ROOT})")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only this corpus (repeatable; 'generated' for the generated tree)")
    ap.add_argument("--generated-files", type=int, default=None,
                    help="files in the generated tree (default from corpora.json; 0 skips it)")
    ap.add_argument("--skip", action="append", default=[], choices=TOOLS, help="leave a tool out (repeatable)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before one command is killed (default 600)")
    ap.add_argument("--tools-bin", help="directory holding semgrep and ruff (default: the tools venv beside the "
                                        "corpora, this interpreter's bin, then PATH)")
    ap.add_argument("--results-dir", default=None, help="where the raw JSON goes (default CORPORA_DIR/results)")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    root = check_outside_repo(args.corpora_dir)
    os.makedirs(root, exist_ok=True)
    spec = load_corpora()
    selected = [c for c in spec["corpora"] if not args.only or c["name"] in args.only or c["dir"] in args.only]
    paths = {}
    for corpus in selected:
        try:
            paths[corpus["name"]] = fetch(corpus, root)
        except RuntimeError as error:
            print(f"error: could not fetch {corpus['name']}: {error}", file=sys.stderr)
            return 1
    for corpus in selected:
        print(f"{corpus['name']} {corpus['version']}: {paths[corpus['name']]}")
    if args.command == "fetch":
        return 0

    env = base_env()
    semgrep, ruff = find_tool("semgrep", args.tools_bin), find_tool("ruff", args.tools_bin)
    versions = {
        "python": platform.python_version(),
        "wscheck": tool_version([sys.executable, "-m", "wscheck", "--version"], env),
        "semgrep": tool_version([semgrep, "--version", "--disable-version-check"], env) if semgrep else "not installed",
        "ruff": tool_version([ruff, "--version"], env) if ruff else "not installed",
    }
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    for tool, pinned in spec.get("tools", {}).items():
        if tool in versions and pinned not in versions[tool]:
            print(f"note: {tool} is {versions[tool]}, corpora.json pins {pinned}")

    targets = [(c["name"], c["version"], paths[c["name"]]) for c in selected]
    gen_spec = spec.get("generated", {})
    gen_files = gen_spec.get("files", 10_000) if args.generated_files is None else args.generated_files
    if gen_files and (not args.only or "generated" in args.only):
        targets.append(("generated", f"{gen_files}-seed{gen_spec.get('seed', 0)}",
                        generated_tree(gen_spec, root, gen_files)))

    results = [bench_corpus(name, version, path, args, env, semgrep, ruff) for name, version, path in targets]

    print("\n" + "=" * 72)
    for result in results:
        report(result, args.timeout)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    print(f"\nMeasured on {stamp}, {os.cpu_count()} cores, {args.rounds} rounds, medians in seconds "
          f"(wscheck {versions['wscheck']}, semgrep {versions['semgrep']}, ruff {versions['ruff']}, "
          f"Python {versions['python']}):\n")
    print(table(results, args.timeout))

    results_dir = args.results_dir or os.path.join(root, "results")
    os.makedirs(results_dir, exist_ok=True)
    out = os.path.join(results_dir, f"real-{datetime.datetime.now().strftime('%Y%m%d-%H%M%S')}.json")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"versions": versions, "cpus": os.cpu_count(), "rounds": args.rounds, "timeout": args.timeout,
                   "results": [asdict(r) for r in results]}, handle, indent=1)
    print(f"\nraw results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
