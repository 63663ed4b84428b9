"""No helper process outlives a scan, whatever ends it: kill -9 or Ctrl-C sent to the scan
alone (as `timeout -s INT` does) while its workers parse; and none holds the caller's
output open, so a CI step reading it sees its end."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write_files

DEADLINE = 20  # seconds: generous for a slow, shared machine; every wait below polls and ends early


def _handlers(module: int, count: int) -> str:
    """A server module of `count` socket routes: enough of them keep a worker parsing a while."""
    routes = "".join(
        f"\n\n@router.websocket('/ws/feed{module}_{n}')\nasync def feed{n}(websocket: WebSocket):\n"
        f"    await websocket.accept()\n"
        f"    await websocket.send_json({{'type': 'feed{n}_update', 'items': [1, 2, 3], 'page': {n}}})\n"
        for n in range(count)
    )
    return "from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n" + routes


@pytest.fixture
def busy_tree(tmp_path) -> Path:
    """Twelve route modules of ~80 kB: a cold scan with two jobs parses them in workers for
    seconds on a slow machine (several hundred milliseconds on a fast one)."""
    return write_files(tmp_path, [(f"app/feeds{m}.py", _handlers(m, 500)) for m in range(12)])


def _start(folder: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wscheck", "check", ".", "--no-cache", "--no-progress", *flags],
        cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _children(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _parent_and_state(int(entry))[0] == pid:
            found.append(int(entry))
    return found


def _parent_and_state(pid: int) -> tuple[int, str]:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()  # after "pid (command)": the name may hold spaces
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0, "gone"
    return int(fields[1]), fields[0]


def _alive(pid: int) -> bool:
    return _parent_and_state(pid)[1] not in ("gone", "Z", "X")  # a zombie waits for a reaper: it runs nothing


def _until(condition, deadline: float = DEADLINE, step: float = 0.01):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(step)
    return condition()


def _workers_started(scan: subprocess.Popen, count: int, seen: list[int]) -> list[int]:
    """The scan's workers, once `count` are running; also added to `seen`, for `_end`."""

    def started():
        workers = _children(scan.pid)
        return workers if len(workers) >= count or scan.poll() is not None else None

    workers = _until(started) or []
    seen.extend(workers)
    assert scan.poll() is None, "the scan ended before its workers were seen: make the tree bigger"
    assert len(workers) >= count
    return workers


def _read_to_end(stream, deadline: float = DEADLINE) -> bytes | None:
    """Everything up to the end of `stream`, or None if it is still open at the deadline."""
    data = b""
    end = time.monotonic() + deadline
    descriptor = stream.fileno()
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([descriptor], [], [], left)
        if ready:
            chunk = os.read(descriptor, 65536)
            if not chunk:
                return data
            data += chunk
    return None


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")


def test_kill_9_of_the_scan_leaves_no_worker_and_closes_its_output(busy_tree):
    scan, workers = _start(busy_tree, "--jobs", "2"), []
    try:
        _workers_started(scan, 2, workers)
        scan.kill()
        assert _until(lambda: not any(_alive(w) for w in workers)), [(w, _parent_and_state(w)) for w in workers]
        assert _read_to_end(scan.stdout) is not None, "a worker holds the scan's stdout open"
        assert _read_to_end(scan.stderr) is not None, "a worker holds the scan's stderr open"
        assert scan.wait(DEADLINE) == -signal.SIGKILL
    finally:
        _end(scan, workers)


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_ctrl_c_to_the_scan_alone_is_one_line_exit_130_and_no_worker_left(busy_tree, jobs):
    scan, workers = _start(busy_tree, "--jobs", jobs), []
    try:
        if jobs == "1":  # parsing here: interrupted in the middle of it, once start-up is over
            assert _until(lambda: _cpu_seconds(scan.pid) >= 1.0 or scan.poll() is not None) and scan.poll() is None
        else:
            _workers_started(scan, 2, workers)
        scan.send_signal(signal.SIGINT)  # to the scan's process only, not its group
        output = _read_to_end(scan.stdout)
        errors = _read_to_end(scan.stderr)
        assert scan.wait(DEADLINE) == 130
        assert errors == b"wscheck: interrupted\n"
        assert output == b""
        assert _until(lambda: not any(_alive(w) for w in workers))
    finally:
        _end(scan, workers)


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _end(scan: subprocess.Popen, workers: list[int]) -> None:
    """Whatever a failed assertion left running goes: the scan, and the workers it had."""
    for pid in [scan.pid, *workers]:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    scan.wait(DEADLINE)
    scan.stdout.close()
    scan.stderr.close()


def test_an_interrupt_python_drops_is_raised_again(tmp_path):
    """Python prints and drops a KeyboardInterrupt raised inside a `__del__` or a weakref
    callback (an import's module lock has one): a single Ctrl-C landing there must still end
    the run, with the same one line."""
    script = (
        "import os, signal, time\nimport wscheck.entry as entry\n"
        "class Collected:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        time.sleep(0.2)  # the interrupt is raised here, and dropped\n"
        "def scan():\n    Collected()\n    time.sleep(30)  # the scan would go on\n"
        "entry._main = scan\nentry.main()\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stderr) == (130, b"wscheck: interrupted\n")
    assert time.monotonic() - started < 20
