"""`wscheck traffic` on access logs written by a real uvicorn (127.0.0.1, a port the OS
picks) while a real HTTP client polls it on a short timer; and `--follow` timing a
timestamp-less log on arrival through a pipe. Every wait is short and bounded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from wscheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.2
# an ASGI app that answers every request with JSON, served by uvicorn with two access logs:
# one with a time in front (a log config), one in uvicorn's default console format (none)
SERVER = r'''
import socket, sys, uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"items": []}'})

def handler(path, fmt):
    return {"class": "logging.FileHandler", "filename": path, "formatter": fmt}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "stamped": {"()": "uvicorn.logging.AccessFormatter", "use_colors": False,
                    "fmt": '%(asctime)s %(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'},
        "plain": {"()": "uvicorn.logging.AccessFormatter", "use_colors": False,
                  "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'},
    },
    "handlers": {"stamped": handler(sys.argv[1], "stamped"), "plain": handler(sys.argv[2], "plain")},
    "loggers": {"uvicorn.access": {"handlers": ["stamped", "plain"], "level": "INFO", "propagate": False}},
}
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(app, log_config=LOGGING, lifespan="off")).run(sockets=[sock])
'''


@pytest.fixture(scope="module")
def access_logs(tmp_path_factory):
    """Start uvicorn, poll /api/v1/queue every 0.2 s for ~1.6 s (a query string that changes,
    as a cache-buster would), browse two other paths once, stop the server."""
    folder = tmp_path_factory.mktemp("uvicorn")
    stamped, plain = folder / "backend.log", folder / "console.log"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(stamped), str(plain)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(server.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        _get(base + "/", deadline=time.monotonic() + 10)  # up and answering
        _get(base + "/api/v1/workflows/17")
        started = time.monotonic()
        for beat in range(9):
            time.sleep(max(0.0, started + beat * POLL_S - time.monotonic()))
            _get(f"{base}/api/v1/queue?t={beat}")
        _get(base + "/api/v1/settings")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return stamped, plain


def _get(url: str, deadline: float | None = None) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
            return
        except OSError:
            if deadline is None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_polling_in_a_real_uvicorn_log_is_ws403_with_its_interval(access_logs):
    stamped, _ = access_logs
    result = CliRunner().invoke(main, ["traffic", str(stamped), "--format", "json", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output  # WS403 is a warning: it fails at --fail-on warning
    document = json.loads(result.stdout)
    assert document["inputs"][0]["format"] == "uvicorn"
    assert document["summary"]["requests"] == 12
    (polled,) = document["polling"]  # the one-off requests are no polling
    assert (polled["method"], polled["path"], polled["clients"]) == ("GET", "/api/v1/queue", 1)
    assert 0.15 <= polled["interval_s"] <= 0.35  # 0.2 s, with a slow machine's slack
    assert 170 <= polled["per_minute"] <= 400
    assert [f["code"] for f in document["findings"]] == ["WS403"]
    assert polled["series"][0]["client"] == "127.0.0.1"  # the port is no part of the client


def test_the_default_console_log_is_counted_and_says_it_cannot_be_timed(access_logs):
    _, plain = access_logs
    result = CliRunner().invoke(main, ["traffic", str(plain)])
    assert result.exit_code == 0, result.output
    summary = json.loads(CliRunner().invoke(main, ["traffic", str(plain), "--format", "json"]).stdout)["summary"]
    assert (summary["requests"], summary["timed_requests"], summary["untimed_series"]) == (12, 0, 1)
    assert "12 requests · no timestamps" in result.stdout
    assert "--follow --duration 60" in result.stdout  # and how to time them
    assert "WS403" not in result.stdout


def test_follow_times_a_piped_log_on_arrival(access_logs):
    """`tail -f console.log | wscheck traffic - --follow --duration 1`: the lines arrive
    0.12 s apart, so the poller is timed though no line carries a time."""
    _, plain = access_logs
    lines = [line for line in plain.read_text().splitlines() if "/api/v1/queue" in line][:7]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "wscheck", "traffic", "-", "--follow", "--duration", "1",
                                "--format", "json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    try:
        assert b"following standard input for 1 s" in process.stderr.readline()  # reading from now on
        for line in lines:
            process.stdin.write(line.encode() + b"\n")
            process.stdin.flush()
            time.sleep(0.12)
        process.stdin.close()  # the end of the input ends the wait before the second is up
        process.wait(timeout=10)
        out = process.stdout.read()
    finally:
        process.kill() if process.poll() is None else None
    document = json.loads(out)
    assert document["inputs"][0]["followed"] is True
    assert document["summary"]["timed_requests"] == 7
    (polled,) = document["polling"]
    assert polled["path"] == "/api/v1/queue" and 0.08 <= polled["interval_s"] <= 0.3


def test_follow_stops_at_its_duration_while_the_pipe_stays_open(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "wscheck", "traffic", "-", "--follow", "--duration", "0.5"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        out, err = process.communicate(timeout=15)  # stdin is never closed before it returns
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, err
    assert b"0 requests" in out and time.monotonic() - started < 15
