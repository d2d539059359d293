# siklus — two commands from a fresh clone:  make demo   ·   make test
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := src/siklus/static/vendor

.PHONY: demo test national test-national lint test-sqlite test-postgres install vendor chromium poppler bench clean

# The virtual environment is rebuilt only when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/.installed

# Front-end libraries come from the npm registry at set-up and are served by the app itself.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp -r node_modules/leaflet/dist $(VENDOR)/leaflet
	cp node_modules/dexie/dist/modern/dexie.min.mjs $(VENDOR)/dexie.mjs
	@touch $@

vendor: $(VENDOR)/.installed

# Browser tests drive Debian's chromium (Playwright's own browser download is not possible here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The report tests render each PDF to PNG with Debian's pdftoppm (poppler-utils).
poppler:
	@command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

demo: install vendor
	$(BIN)/siklus demo --port $(PORT)

test: install vendor chromium poppler lint test-sqlite test-postgres

# ruff over all Python; mypy over the rules, the base and the services (pyproject.toml says which).
lint:
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

test-sqlite:
	$(BIN)/pytest -p no:cacheprovider

# The whole suite again on PostgreSQL, in a throwaway database. Skipped when no server answers,
# unless SIKLUS_REQUIRE_POSTGRES=1 (set by CI), which makes an unreachable server a failure.
test-postgres:
	$(BIN)/python scripts/test_postgres.py

# National analytics on Apache Spark (issue #17): the optional extra, Java 17 when missing, and the
# Spark golden tests. Not part of `make test`.
national: install
	$(BIN)/pip install -q -e ".[national]"
	@command -v java >/dev/null || (sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless)

test-national: national
	SIKLUS_SPARK=1 $(BIN)/pytest -p no:cacheprovider tests/national

bench: install
	$(BIN)/python benchmarks/areas_load.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) siklus.db* staticfiles
