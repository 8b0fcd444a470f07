# OMRS developer tasks. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := fixtures/records/valid/bundle-documentary
#: Exact versions the suite passed with; `make test-latest` runs without them.
LOCK := requirements/test.lock
PIN ?= --constraint $(LOCK)

.PHONY: demo test test-latest lock lint typecheck unit bench spec clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade $(PIN) pip

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/python -m pip install --quiet $(PIN) -e '.[test]'
	touch $@

DEMO := build/demo

## demo: create the environment, install, check the shipped example bundle, sign one of its
## assets with a test PKI, verify the signed file as trusted, and write the review report
demo: $(VENV)/.installed
	$(BIN)/omrs --version
	$(BIN)/omrs check $(EXAMPLE)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/omrs keygen $(DEMO)/pki
	$(BIN)/omrs sign $(EXAMPLE)/media/teaser-narration.wav --bundle $(EXAMPLE)/omrs.yaml \
	  --cert $(DEMO)/pki/chain.pem --key $(DEMO)/pki/key.pem \
	  --trust-config $(DEMO)/pki/trust-config.cfg -o $(DEMO)/teaser-narration.signed.wav
	$(BIN)/omrs check $(DEMO)/teaser-narration.signed.wav --require-trusted \
	  --trust-anchors $(DEMO)/pki/ca.pem --trust-config $(DEMO)/pki/trust-config.cfg
	$(BIN)/omrs report $(EXAMPLE) $(DEMO)/teaser-narration.signed.wav \
	  --trust-anchors $(DEMO)/pki/ca.pem --trust-config $(DEMO)/pki/trust-config.cfg \
	  -o $(DEMO)/review.html
	@echo "demo: bundle checked, asset signed and verified as trusted ($(DEMO)/)."
	@echo "      privacy minimal: the consent and licence went into the file as identifier, digest and non-personal scope only; the full records stay with you (omrs check --records FULL matches them)."
	@echo "      opened: the manifest's first action says omrs opened an existing file to sign it; c2pa.created is left to the tool that made the asset."
	@echo "      next: $(BIN)/omrs inspect --detailed $(DEMO)/teaser-narration.signed.wav --trust-anchors $(DEMO)/pki/ca.pem --trust-config $(DEMO)/pki/trust-config.cfg"
	@echo "      then: $(BIN)/omrs check fixtures/records/invalid   (every example there fails on purpose: exit 1)"
	@echo "demo: review report of the example bundle: $(abspath $(DEMO)/review.html)"

## test: install test dependencies, lint, type-check and run the whole suite
test: $(VENV)/.installed-test lint typecheck unit

lint: $(VENV)/.installed-test
	$(BIN)/ruff check validator tests bench
	$(BIN)/ruff format --check validator tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest -q

## test-latest: the whole suite against the newest allowed releases (no lock), in .venv-latest,
## so drift in a dependency is seen on purpose rather than by a red CI run
test-latest:
	rm -f .venv-latest/.installed .venv-latest/.installed-test
	$(MAKE) VENV=.venv-latest PIN="--upgrade --upgrade-strategy eager" test
	.venv-latest/bin/python -m pip list --format=freeze --exclude-editable | sort

## lock: after test-latest passes, record the versions it used as the new lock
lock: test-latest
	{ sed -n '/^#/p' $(LOCK); .venv-latest/bin/python -m pip freeze --all --exclude-editable \
	  | grep -v -e '^setuptools==' -e '^wheel=='; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)

## bench: every benchmark (records, start-up and --jobs, bundles, large-MP4 verification)
bench: $(VENV)/.installed-test
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/records.py
	$(BIN)/python bench/bundles.py
	$(BIN)/python bench/media.py

spec: $(VENV)/.installed
	$(BIN)/python -m omrs.specgen

clean:
	rm -rf $(VENV) .venv-latest build dist .mypy_cache .ruff_cache .pytest_cache
