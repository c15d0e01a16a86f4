# Two commands on a fresh machine: `make build` and `make test`. Both create .venv from the
# pinned, hash-checked lockfile first. `make help` lists every target.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: help build test lint format validate bench lock clean editor
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(READY): requirements.lock
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

lock: ## re-pin requirements.lock from requirements.in (needs uv; maintainers only)
	uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

clean: ## remove build/ and the virtual environment
	rm -rf build $(VENV)
