#!/bin/sh
# Serve the example app with stub data (simulated agents, queue and traffic; every watcher checks
# twice a second) on 127.0.0.1, so that `wscheck probe` has something running to probe:
#
#   examples/postmortem/serve.sh [PORT]        (default 8000; needs fastapi and uvicorn)
#   wscheck probe --base-url http://127.0.0.1:8000 examples/postmortem
#
# PYTHON picks the interpreter (default python3).
cd "$(dirname "$0")/app/server" || exit 2
STUB_DATA=1 WATCH_INTERVAL="${WATCH_INTERVAL:-0.5}" exec "${PYTHON:-python3}" -m uvicorn main:app \
    --host 127.0.0.1 --port "${1:-8000}" --log-level warning --timeout-graceful-shutdown 2
