# The README's two commands. Both work on a fresh machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install whenever the pinned dependencies change.
INSTALLED := $(VENV)/.installed

.PHONY: preview test lint typecheck unit schema package-schema bench lock

preview: $(INSTALLED)
	$(BIN)/hap preview dev

test: lint typecheck unit

lint: $(INSTALLED)
	$(BIN)/ruff check .

typecheck: $(INSTALLED)
	$(BIN)/mypy components hap hybrid_ai_shared policies workloads provider

# The Spark local-mode tests (a JVM, ~30 s) run second, so a fast failure comes first.
unit: $(INSTALLED)
	$(BIN)/pytest
	$(BIN)/pytest -m spark

schema: $(INSTALLED)
	$(BIN)/python -m hybrid_ai_platform.schema

# The multi-language package's schema (provider/schema.json), from its components, by the
# Pulumi SDK's own analyzer: no CLI needed. tests/package fails while it is stale.
package-schema: $(INSTALLED)
	$(BIN)/python -m hybrid_ai_platform.package.provider

bench: $(INSTALLED)
	$(BIN)/python benchmarks/preview_time.py

# Every transitive dependency from the lock, each checked against its hash, then the project
# itself with no dependency resolution of its own: two machines get the same bytes.
$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# After changing a pin in pyproject.toml: re-resolve the lock (tests/test_packaging.py checks
# the two agree). pip-tools runs in a throwaway venv so it never enters the project's.
lock:
	$(PYTHON) -m venv /tmp/hap-lock-venv
	/tmp/hap-lock-venv/bin/python -m pip install --quiet pip-tools==7.6.2
	/tmp/hap-lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--extra platform --extra fraud --extra dev -o requirements.lock pyproject.toml
