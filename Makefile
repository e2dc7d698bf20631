# Souverain — two commands: `make run` (web chat) and `make test` (whole test suite).
# Both create .venv and install everything on first use, then are quick.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# PyTorch first, pinned to the CPU wheel, so sentence-transformers does not pull a CUDA build.
TORCH  ?= torch==2.13.0

.PHONY: run test index bench install clean-index

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)"
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/souverain index
	$(VENV)/bin/souverain serve

index: $(STAMP)
	$(VENV)/bin/souverain index

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

clean-index:
	rm -rf .index
