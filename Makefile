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

clean:
	rm -rf $(VENV) *.egg-info
