"""The fact cache: a warm run parses nothing and finds the same; a run killed mid-write,
a torn entry or a foreign file in the cache never corrupts the next run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

from conftest import ROOT, run_scan
from wscheck.engine import RunOptions

EXAMPLE = ROOT / "examples" / "postmortem"


def _findings(report):
    return [(f.location, f.code, f.message) for f in report.findings]


def _copy(tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_a_warm_run_parses_nothing_and_finds_the_same(tmp_path):
    folder = _copy(tmp_path)
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    cold = run_scan(folder, run=cache)
    warm = run_scan(folder, run=cache)
    assert cold.stats.files_parsed > 10 and cold.stats.files_cached == 0
    assert warm.stats.files_parsed == 0 and warm.stats.files_cached == cold.stats.files_parsed
    assert _findings(warm) == _findings(cold) == _findings(run_scan(folder))
    assert (tmp_path / "cache" / ".gitignore").read_text() == "*\n"


def test_an_unchanged_tree_reuses_the_last_report_whole(tmp_path):
    folder = _copy(tmp_path)
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    cold = run_scan(folder, run=cache)
    warm = run_scan(folder, run=cache)
    assert [stage for stage, _ in warm.stats.stages] == ["walk", "reuse"]  # no read, no search, no model
    assert _findings(warm) == _findings(cold) and warm.checklists == cold.checklists


def test_a_touched_file_makes_a_new_report_from_the_fact_cache(tmp_path):
    folder = _copy(tmp_path)
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    cold = run_scan(folder, run=cache)
    tasks = folder / "app/server/services/background_tasks.py"
    os.utime(tasks, ns=(tasks.stat().st_atime_ns, tasks.stat().st_mtime_ns + 5_000_000_000))  # same bytes, new time
    again = run_scan(folder, run=cache)
    assert "reuse" not in dict(again.stats.stages)
    assert again.stats.files_parsed == 0 and _findings(again) == _findings(cold)


def test_other_settings_or_a_torn_report_are_not_reused(tmp_path):
    folder = _copy(tmp_path)
    cache_dir = tmp_path / "cache"
    cache = RunOptions(cache_dir=str(cache_dir))
    run_scan(folder, run=cache)
    narrower = run_scan(folder, run=cache, select=("WS101",))
    assert "reuse" not in dict(narrower.stats.stages) and {f.code for f in narrower.findings} == {"WS101"}
    for entry in (cache_dir / "runs").iterdir():
        entry.write_bytes(entry.read_bytes()[:200])  # torn after its manifest line
    again = run_scan(folder, run=cache, select=("WS101",))
    assert "reuse" not in dict(again.stats.stages) and _findings(again) == _findings(narrower)


def test_a_changed_file_is_parsed_again(tmp_path):
    folder = _copy(tmp_path)
    cache = RunOptions(cache_dir=str(tmp_path / "cache"))
    run_scan(folder, run=cache)
    tasks = folder / "app/server/services/background_tasks.py"
    tasks.write_text(tasks.read_text() + "\n# touched\n")
    again = run_scan(folder, run=cache)
    assert again.stats.files_parsed == 1


def test_torn_and_foreign_entries_are_rebuilt(tmp_path):
    folder = _copy(tmp_path)
    # every entry then holds a code file's facts (a tsconfig's is read apart, not counted as parsed)
    for config in folder.rglob("tsconfig*.json"):
        config.unlink()
    cache_dir = tmp_path / "cache"
    cache = RunOptions(cache_dir=str(cache_dir))
    cold = run_scan(folder, run=cache)
    entries = sorted(p for p in (cache_dir / "facts").rglob("*") if p.is_file())
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # torn
    entries[1].write_bytes(b"not ours at all")  # foreign
    shutil.rmtree(cache_dir / "runs")  # else the whole report is reused
    warm = run_scan(folder, run=cache)
    assert warm.stats.files_parsed == 2
    assert _findings(warm) == _findings(cold)


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import wscheck.cache.entries as cache
    real_replace = os.replace
    count = 0
    def replace_then_die(src, dst):
        global count
        count += 1
        if count == 5:  # killed between writing an entry and renaming it into place
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)
    cache.os.replace = replace_then_die
    from wscheck.config import load_settings
    from wscheck.engine import RunOptions, scan
    scan([Path(".")], load_settings(Path(".")), os.getcwd(), run=RunOptions(cache_dir={cache!r}))
""")


def test_a_run_killed_mid_write_leaves_the_cache_usable(tmp_path):
    folder = _copy(tmp_path)
    cache_dir = tmp_path / "cache"
    script = KILLER.format(root=str(ROOT), cache=str(cache_dir))
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr  # it really was killed
    leftovers = [p for p in (cache_dir / "facts").rglob(".tmp-*")]
    assert leftovers  # the half-written entry is there, under a temporary name
    after = run_scan(folder, run=RunOptions(cache_dir=str(cache_dir)))
    assert 0 < after.stats.files_cached < after.stats.files_cached + after.stats.files_parsed
    assert _findings(after) == _findings(run_scan(folder))


def test_a_warm_run_imports_no_parser(tmp_path):
    folder = _copy(tmp_path)
    cache = str(tmp_path / "cache")
    code = (
        "import os, sys\nfrom pathlib import Path\nfrom wscheck.config import Settings\n"
        "from wscheck.engine import RunOptions, scan\n"
        f"report = scan([Path('.')], Settings(), os.getcwd(), run=RunOptions(cache_dir={cache!r}))\n"
        "print(report.stats.files_parsed, 'libcst' in sys.modules, 'tree_sitter' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split()[1:] == ["True", "True"]
    second = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, env=env, check=True)
    assert second.stdout.split() == ["0", "False", "False"]
