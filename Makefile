# congvan: every target sets itself up on a fresh Debian machine (as root, or with sudo).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-liberation2 fonts-dejavu-core postgresql chromium redis-server
HOST ?= 127.0.0.1
PORT ?= 8000
#: pytest-xdist workers for the tests (each worker takes whole files: --dist loadfile).
TEST_WORKERS ?= 2

.PHONY: setup serve test check fast lint typecheck unit bench fuzz clean

setup: $(STAMPS)/system $(STAMPS)/python

$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -m venv --help >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@touch $@

$(STAMPS)/python: pyproject.toml $(STAMPS)/system
	@mkdir -p $(STAMPS)
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $@

serve: setup
	$(VENV)/bin/congvan serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check .

typecheck: setup
	$(VENV)/bin/mypy

unit: setup
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=25

test: setup lint typecheck unit

#: The quick gate, under 2 minutes on 2 cores: lint, types, and the tests marked neither slow
#: nor heavy (no server, browser, PostgreSQL, Redis, fuzzing or corpus of letters read).
check: setup lint typecheck
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=10 -m "not slow and not heavy"

#: The readers' inner loop is the quick gate now; `python -m bench.real` measures real letters.
fast: check

bench: setup
	$(PY) -m bench.real
	$(PY) -m bench.extract
	$(PY) -m bench.nlp
	$(PY) -m bench.registry
	$(PY) -m bench.api
	$(PY) -m bench.ingest
	$(PY) -m bench.scale
	$(PY) -m bench.stats --postgresql

#: A longer fuzzing run than the 1000 runs in make test (FUZZ_SECONDS, default 10 minutes).
FUZZ_SECONDS ?= 600
fuzz: setup
	@mkdir -p .fuzz/corpus .fuzz/crashes
	$(PY) -m fuzz.fields -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096 \
		-artifact_prefix=.fuzz/crashes/ .fuzz/corpus

clean:
	rm -rf $(STAMPS) .pytest_cache .mypy_cache .ruff_cache
