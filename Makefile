# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test test-quick bench-extraction clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)  ## Run the pipeline on the bundled seeds into warehouse/news.duckdb.
	$(BIN)/newsflow run

# Tests run on every core (pytest-xdist), each test file on one worker so that its module
# fixtures (a published warehouse, the NER models) are built once; PYTEST_WORKERS=0 runs them
# all in one process. Files are handed out in the order tests/conftest.py sorts them (files
# with slow tests first), not xdist's (most tests first, which leaves the long one-test files
# for the end).
# One worker more than cores: several tests wait on a real server, a schedule or a killed
# process, and a third worker fills those waits (on 2 cores, the same CPU: 6 min 37 s - 7 min 26 s
# in four runs, against 7 min 24 s with two).
PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): the
# suite starts the CLI dozens of times and each test process rewrites every test file's asserts,
# and all of them then read the project's compiled modules instead of compiling them again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: $(STAMP)  ## Lint, then run the whole test suite (slow tests included: flow runs, servers, wheel).
	$(BIN)/ruff check flows tests bench expectations scripts sql
	$(PYTEST)

test-quick: $(STAMP)  ## Lint, then the tests not marked slow (no flow run, server or wheel).
	$(BIN)/ruff check flows tests bench expectations scripts sql
	$(PYTEST) -m 'not slow'

# The folders bench-extraction scores, under EVAL.
EVAL_CORPORA := extraction-dev cleaning-trafilatura-dev entities-dev

bench-extraction: $(STAMP)  ## Score cleaning, cross-validated: make bench-extraction EVAL=../shared/eval
	$(if $(EVAL),,$(error EVAL is not set: make bench-extraction EVAL=../shared/eval))
	$(foreach corpus,$(EVAL_CORPORA),$(if $(wildcard $(EVAL)/$(corpus)/.),,$(error $(EVAL)/$(corpus) is missing: EVAL must be the evaluation folder)))
	$(BIN)/python bench/extraction.py $(addprefix $(EVAL)/,$(EVAL_CORPORA))

clean-venv:
	rm -rf $(VENV)
