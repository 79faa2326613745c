# The two set-up commands are `make run` and `make test`; both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint browser postgres bench simulate fuzz schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP)
	$(BIN)/trainer

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/trainer schema --check

# The browser tests drive the machine's own headless Chromium; Debian's package when it is missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The store's contract suite and the PostgreSQL benchmarks start a throw-away cluster of their own
# (tests/postgres.py) from Debian's binaries; the package is installed when they are missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
		echo "installing Debian's postgresql for the store's tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

test: lint browser postgres
	$(BIN)/python -m pytest -n auto

fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -k "any or no_sequence" \
		tests/test_properties.py tests/test_scenario_engine.py
	TRAINER_KILLS=50 $(BIN)/python -m pytest -q tests/test_random_kills.py

bench: $(TEST_STAMP) postgres
	$(BIN)/python -m bench

simulate: $(TEST_STAMP)
	$(BIN)/python -m bench.coach_simulation

schema: $(STAMP)
	$(BIN)/trainer schema

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache bench.json
