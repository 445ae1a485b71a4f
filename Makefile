# wijkteam: every task a developer or CI needs. Python 3.11 and (for tests) Node.js/npm.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
DEMO_SEED ?= 2026
DEMO_SCALE ?= 1
# Test runs use production settings (DEBUG off) with a throwaway key and plain http.
TEST_ENV := SECRET_KEY=test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz SECURE_SSL=0 DEBUG=0

.PHONY: install run test lint format test-tools migrations-check e2e unit clean help schema messages backup restore audit bench-load

help:
	@echo "make run      install, migrate, load demo data (once) and serve http://127.0.0.1:8000"
	@echo "make test     lint, migration check and the whole test suite (unit, API, browser)"
	@echo "make install  create .venv and install the locked dependencies (idempotent)"
	@echo "make audit    known vulnerabilities in the locked Python and npm dependencies"
	@echo "make bench-load  60 s load test: concurrent edits and sign-ins (bench/README.md)"

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

test-tools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

run: install
	@mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo_data --seed $(DEMO_SEED) --scale $(DEMO_SCALE) --if-empty
	DEBUG=1 $(BIN)/python manage.py demo_accounts
	@# The task worker (reminders, retention) runs beside the web server and stops with it.
	DEBUG=1 $(BIN)/python manage.py qcluster & QCLUSTER=$$!; \
	trap 'kill $$QCLUSTER 2>/dev/null; wait $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py check

migrations-check: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

unit: install
	$(TEST_ENV) $(BIN)/pytest -m "not e2e"

e2e: install test-tools
	$(TEST_ENV) $(BIN)/pytest -m e2e

test: install test-tools lint migrations-check
	$(TEST_ENV) $(BIN)/pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var

schema: install
	$(TEST_ENV) $(BIN)/python manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn

# Apps with their own catalogue (<app>/locale/nl) are left out of the project catalogue.
APP_LOCALES := $(patsubst %/locale,%,$(wildcard src/wijkteam/*/locale))
messages: install
	cd src/wijkteam && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages -l nl --no-location --ignore "*/tests/*" $(foreach app,$(APP_LOCALES),--ignore "$(notdir $(app))/*")
	cd src/wijkteam && DEBUG=1 ../../$(BIN)/python ../../manage.py compilemessages -l nl
	@for app in $(APP_LOCALES); do \
		(cd $$app && DEBUG=1 $(CURDIR)/$(BIN)/django-admin makemessages -l nl --no-location --ignore "tests/*" --settings wijkteam.settings && \
		 DEBUG=1 $(CURDIR)/$(BIN)/django-admin compilemessages -l nl --settings wijkteam.settings) || exit 1; \
	done

# Needs an advisory service (OSV or PyPI, npm registry); says NOT RUN when none answers.
audit: install
	bash .ci/audit

# Not part of `make test` (about 2 minutes); bench/README.md explains the checks.
bench-load: install
	$(BIN)/python bench/run_load.py

backup: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py backup_database

restore: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py restore_database
