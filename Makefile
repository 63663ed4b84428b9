# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench docs clean

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

test: $(STAMP)
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/python -m wscheck.docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --files 10000

clean:
	rm -rf $(VENV) build *.egg-info
