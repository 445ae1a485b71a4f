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

.PHONY: install run test lint format test-tools migrations-check e2e unit clean help schema messages backup restore

help:
	@echo "make run      install, migrate, load demo data (once) and serve http://127.0.0.1:8000"
	@echo "make test     lint, migration check and the whole test suite (unit, API, browser)"
	@echo "make install  create .venv and install the locked dependencies (idempotent)"

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

messages: install
	cd src/wijkteam && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages -l nl --no-location --ignore "*/tests/*"
	cd src/wijkteam && DEBUG=1 ../../$(BIN)/python ../../manage.py compilemessages -l nl

backup: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py backup_database

restore: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py restore_database
