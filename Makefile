# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench docs clean

# `make demo`'s server is up when its port answers (15 s at most: a cold import of fastapi)
define WAIT_FOR_PORT
import socket, sys, time
deadline = time.monotonic() + 15
while socket.socket().connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0:
    if time.monotonic() > deadline:
        sys.exit("the example app did not start")
    time.sleep(0.1)
endef
export WAIT_FOR_PORT

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# compat: the checkout's path in a .pth, so start-up imports no editable finder (pathlib, re: 20 ms
# of every run); a setuptools that has dropped the mode gets the default editable install
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== wscheck examples/postmortem (the incident: expect findings, exit 1) =="
	@$(BIN)/wscheck examples/postmortem; echo "exit status $$? (1: findings, the incident is caught)"
	@echo
	@echo "== wscheck examples/postmortem-fixed (after the fix: expect exit 0) =="
	@$(BIN)/wscheck examples/postmortem-fixed; status=$$?; echo "exit status $$status (0: clean)"; exit $$status
	@echo
	@echo "== wscheck probe: examples/postmortem running (stub data, a free port), its sockets probed: expect the two WS101s idle (WS401), exit 1 =="
	@port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	LOG_LEVEL=WARNING PYTHON="$(abspath $(BIN))/python" sh examples/postmortem/serve.sh $$port & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/python -c "$$WAIT_FOR_PORT" $$port || exit 2; \
	$(BIN)/wscheck probe --base-url http://127.0.0.1:$$port examples/postmortem --settle 0.5 --wait 3 --no-progress; \
	status=$$?; echo "exit status $$status (1: the sockets check flags are idle at run time too)"; [ $$status -eq 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/python -m wscheck.docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --files 10000

clean:
	rm -rf $(VENV) build *.egg-info
