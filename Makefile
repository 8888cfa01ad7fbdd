# Two commands do everything on a fresh machine:
#   make run    installs into .venv and starts the bot on http://localhost:3978/api/messages
#   make test   installs into .venv and runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
E2E_DEPS := /usr/bin/chromium e2e/node_modules/.installed
# Azurite (the Azure Storage emulator) for the tests of BOT_STORAGE=azure: npm, pinned in azure/package.json.
AZURITE := azure/node_modules/.installed

.PHONY: run test console bench clean playground teams-package

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(PY) app.py

console: $(VENV)/.installed
	$(PY) app.py --console

test: $(VENV)/.installed $(E2E_DEPS) $(AZURITE)
	$(PY) -m pytest

# The browser suite (tests/e2e) needs Debian's chromium and the pinned Agents Playground (npm).
# If either cannot be installed, `make test` stops here with the reason: it never skips them.
/usr/bin/chromium:
	apt-get update && apt-get install -y --no-install-recommends chromium

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	touch $@

azure/node_modules/.installed: azure/package.json azure/package-lock.json
	cd azure && npm ci --no-audit --no-fund
	touch $@

# Bot + Microsoft 365 Agents Playground (a Teams-like chat page) at http://localhost:56150
playground: $(VENV)/.installed e2e/node_modules/.installed
	e2e/playground.sh

# teams/build/hampshire-partnerships.zip for sideloading; needs MicrosoftAppId in the environment
teams-package:
	$(PYTHON) teams/package.py

# Benchmarks on 127.0.0.1 (3-5 minutes, and 10-15 more for growth on Azurite, which seeds 20,000 records):
# a table, and results in bench/results/local/ (git-ignored).
# `make bench PUBLISH=1` replaces the published bench/results/latest.json and docs/latency_vs_records.png.
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(PY) -m bench $(if $(PUBLISH),--publish)

clean:
	rm -rf $(VENV) *.egg-info
