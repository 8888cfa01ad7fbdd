# Two commands do everything on a fresh machine:
#   make run    installs into .venv and starts the bot on http://localhost:3978/api/messages
#   make test   installs into .venv and runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test console bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(PY) app.py

console: $(VENV)/.installed
	$(PY) app.py --console

test: $(VENV)/.installed
	$(PY) -m pytest

# Benchmarks on 127.0.0.1 (3-5 minutes): a table, bench/results/latest.json, docs/latency_vs_records.png
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(PY) -m bench

clean:
	rm -rf $(VENV) *.egg-info
