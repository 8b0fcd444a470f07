# OMRS developer tasks. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := fixtures/records/valid/bundle-documentary

.PHONY: demo test lint typecheck unit bench spec clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## demo: create the environment, install, and check the shipped example bundle
demo: $(VENV)/.installed
	$(BIN)/omrs --version
	$(BIN)/omrs check $(EXAMPLE)
	@echo "demo: the example bundle and its records pass. Try: $(BIN)/omrs check fixtures/records/invalid"

## test: install test dependencies, lint, type-check and run the whole suite
test: $(VENV)/.installed-test lint typecheck unit

lint: $(VENV)/.installed-test
	$(BIN)/ruff check validator tests bench
	$(BIN)/ruff format --check validator tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python bench/records.py

spec: $(VENV)/.installed
	$(BIN)/python -m omrs.specgen

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
