# On a fresh Debian/Ubuntu machine with Python 3.11:
#   make run   - virtual environment, dependencies, database, demo network, server
#   make test  - what the tests need (Chromium and axe-core included), then the whole suite
#   make bench - the benchmarks against DATABASE_URL (bench/README.md)
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test browser vendor lint check check-deploy clean bench wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Install Python 3.11 and its venv module: sudo apt-get install python3.11-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/base.txt requirements/test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: requirements/base.txt requirements/bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser

.env:
	cp .env.example .env

# The demo shows the register's own error pages (no DJANGO_DEBUG): runserver then serves the
# static files only when given --insecure.
run: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Serving the demo network on http://$(HOST)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver --insecure $(HOST)

# Browser tests drive Debian's Chromium and check each page with axe-core (from npm).
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq
browser: node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium"; $(APT_INSTALL) chromium >/dev/null; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's npm"; $(APT_INSTALL) npm >/dev/null; }
	npm ci --no-audit --no-fund --silent
	touch $@

# Tom Select (the searchable selects) comes from npm at the version package.json pins, and is
# copied into static/ and committed, so that `make run` needs no npm. After changing the
# version: `make vendor`, then commit static/vendor/. The source maps are not copied.
TOM_SELECT := node_modules/tom-select
VENDOR_TOM_SELECT := static/vendor/tom-select
vendor: node_modules/axe-core/axe.min.js
	mkdir -p $(VENDOR_TOM_SELECT)
	sed '/sourceMappingURL=/d' $(TOM_SELECT)/dist/js/tom-select.complete.min.js > $(VENDOR_TOM_SELECT)/tom-select.complete.min.js
	sed '/sourceMappingURL=/d' $(TOM_SELECT)/dist/css/tom-select.min.css > $(VENDOR_TOM_SELECT)/tom-select.min.css
	cp $(TOM_SELECT)/LICENSE $(VENDOR_TOM_SELECT)/LICENSE

# Two workers by default (pytest-xdist); PYTEST_ARGS= runs the suite in one process.
PYTEST_ARGS ?= -n 2
test: install-test
	DJANGO_SETTINGS_MODULE=dcis.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-test
	DJANGO_SETTINGS_MODULE=dcis.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=dcis.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Production settings come from the environment only: check them as production would set them.
check-deploy: install
	DJANGO_DEVELOPMENT=false DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=dcis.interieur.gouv.fr \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

wrk:
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; $(APT_INSTALL) wrk >/dev/null; }

# The benchmarks (bench/README.md) against DATABASE_URL, with the bench settings:
# server time of every page for each role, the CSV export's memory, throughput under gunicorn.
BENCH_ARGS ?=
BENCH_DURATION ?= 10
bench: $(VENV)/.installed-bench wrk
	DJANGO_SETTINGS_MODULE=dcis.settings.bench $(BIN)/python -m bench.server_time $(BENCH_ARGS)
	DJANGO_SETTINGS_MODULE=dcis.settings.bench $(BIN)/python -m bench.export_memory
	DJANGO_SETTINGS_MODULE=dcis.settings.bench $(BIN)/python -m bench.throughput --duration $(BENCH_DURATION)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles media
