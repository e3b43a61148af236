# The README's two commands. Both work on a fresh machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install whenever the pinned dependencies change.
INSTALLED := $(VENV)/.installed

.PHONY: preview test lint typecheck unit schema bench

preview: $(INSTALLED)
	$(BIN)/hap preview dev

test: lint typecheck unit

lint: $(INSTALLED)
	$(BIN)/ruff check .

typecheck: $(INSTALLED)
	$(BIN)/mypy components hap policies workloads

# The Spark local-mode tests (a JVM, ~30 s) run second, so a fast failure comes first.
unit: $(INSTALLED)
	$(BIN)/pytest
	$(BIN)/pytest -m spark

schema: $(INSTALLED)
	$(BIN)/hap schema

bench: $(INSTALLED)
	$(BIN)/python benchmarks/preview_time.py

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[platform,fraud,dev]'
	touch $@
