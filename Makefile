# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
PORT ?= 8000

.PHONY: install run test lint pytest fuzz lock services clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
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

## make lock: re-pin every installed package after changing pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) var
