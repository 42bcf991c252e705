# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements.lock: what the app runs on (the image installs only it); requirements-dev.lock: that and the
# tools the tests and lint use. Both pinned with hashes by `make lock` from pyproject.toml.
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | sha1sum | cut -c1-12)
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet
PORT ?= 8000

.PHONY: install run test lint pytest fuzz bench lock services clean

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make run: the app on the embedded default (SQLite, file broker), demo data and users, worker and beat.
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	PORT=$(PORT) ./scripts/run-local

## make test: the whole suite on PostgreSQL and Redis (local defaults), after lint and migration checks.
test: install lint pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=secreleases.settings.test DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

## make fuzz: schemathesis over every API operation as SECAS and as the DCC, 60 cases each (over 5,000): no 5xx,
## no answer the schema does not describe. It prints the count of cases and of answers per status.
fuzz: install
	FUZZ_EXAMPLES=60 FUZZ_MINIMUM_CASES=2500 $(BIN)/pytest -p no:logging -s tests/api/test_schema_fuzz.py

## make bench: API throughput against a bare Django view, then the ten-year scale check (needs wrk).
bench: install
	$(BIN)/python scripts/bench/run.py $(BENCH_ARGS)

## make lock: re-lock both sets (with hashes) after changing pyproject.toml; the runtime set keeps the dev set's versions.
lock: install
	$(UV_COMPILE) --extra dev -o requirements-dev.lock
	$(UV_COMPILE) -c requirements-dev.lock -o requirements.lock

clean:
	rm -rf $(VENV) var
