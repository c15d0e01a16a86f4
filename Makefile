# Two commands on a fresh machine: `make build` and `make test`. Both create .venv from the
# pinned, hash-checked lockfile first. `make help` lists every target.
# Any Python from 3.11 to 3.14: `make build PYTHON=python3.13` picks one.
PYTHON ?= python3
SUPPORTED := 3.11 3.12 3.13 3.14
SUPPORTED_RANGE := $(firstword $(SUPPORTED)) to $(lastword $(SUPPORTED))
SHELL := bash
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: help build test lint format validate bench lock lock-check release clean editor
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: this package needs Python $(SUPPORTED_RANGE) (make PYTHON=python3.12 ...)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 14) else "$(PYTHON) is Python %d.%d; this package needs Python $(SUPPORTED_RANGE) (make PYTHON=python3.12 ...)" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(READY)

build: $(READY) ## set up .venv, run the ETL, publish tables/ + datapackage.json + build/ database
	$(BIN)/python -m pipeline build

test: $(READY) ## set up .venv, lint, and run the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(READY) ## ruff check and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(READY) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(READY) ## check the published package as it is on disk
	$(BIN)/python -m pipeline validate

bench: $(READY) ## measure build and query cost (python -m pipeline bench)
	$(BIN)/python -m pipeline bench

editor: ## install the YAML language server that tests/test_editor_schema.py drives (needs npm)
	npm install --prefix build/node --no-audit --no-fund --loglevel=error yaml-language-server@1.19.2

release: build ## write dist/lima-hostage-crisis-<version>.zip, the release bundle, and .zenodo.json
	$(BIN)/python -m pipeline release

lock: $(READY) ## re-pin requirements.lock from requirements.in, one lock for every supported Python
	$(BIN)/uv pip compile requirements.in --universal --python-version $(firstword $(SUPPORTED)) --generate-hashes -o requirements.lock

# Wheels only, for Linux x86-64: no interpreter of that version is needed to prove it.
lock-check: $(READY) ## show that requirements.lock installs on every supported Python
	@for v in $(SUPPORTED); do \
	  $(BIN)/python -m pip install --dry-run --quiet --disable-pip-version-check --ignore-installed \
	    --require-hashes --only-binary=:all: --python-version $$v --platform manylinux2014_x86_64 \
	    --platform manylinux_2_28_x86_64 --target build/lock-check -r requirements.lock 2>&1 \
	    | grep -v '^WARNING: Location' ; \
	  [ $${PIPESTATUS[0]} -eq 0 ] || { echo "requirements.lock does not install on Python $$v" >&2; exit 1; }; \
	  echo "requirements.lock installs on Python $$v"; \
	done

clean: ## remove build/, dist/ and the virtual environment
	rm -rf build dist $(VENV)
