# Two commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out

.PHONY: demo test lint format benchmark benchmark-coder clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,embeddings]"
	touch $(STAMP)

## demo: set up, then import, code and report on the bundled synthetic encounters
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/rapport analyze examples --db $(OUT)/demo.db --out $(OUT)/report.html

## test: set up, then run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

## lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/import_primock57.py
	$(BIN)/python benchmarks/coder_speed.py
	$(BIN)/python benchmarks/cross_check_counseling.py

benchmark-coder: $(STAMP)
	$(BIN)/python benchmarks/coder_speed.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
