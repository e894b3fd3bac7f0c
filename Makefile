# programme-ingest: `make run` ingests raw/ into outputs/, `make test` runs the tests.
# Both do their own set-up first (`make setup`: system packages when root, .venv, pinned deps).
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.sha256
APT_PACKAGES := poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra
# Installed with --no-deps after requirements.lock: dagster-postgres 0.29.27 (the newest
# release) declares dagster==1.13.27 while the project runs 1.13.28; it works with it.
NO_DEPS_PINS := dagster-postgres==0.29.27 psycopg2-binary==2.9.13
export DAGSTER_HOME := $(CURDIR)
# pytest runs on both cores (pytest-xdist); `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n 2
# One "materialization planned" event per asset for a batch (partition range) run, not one
# per partition: each stored event costs a database write (see README, "Performance").
export DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup system-deps venv run test validate ui samples bench clean train cv

## setup: system packages (as root, only when missing), .venv, pinned dependencies (idempotent)
setup: system-deps venv

system-deps:
	@missing=""; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	{ command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || missing="$$missing postgresql"; \
	$(PYTHON_BOOT) -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "warning: missing system packages:$$missing (install them as root; OCR/PDF rendering tests may fail)"; \
	  fi; \
	fi

venv:
	@test -x $(PY) || { echo "creating $(VENV)/ with $(PYTHON_BOOT)"; $(PYTHON_BOOT) -m venv $(VENV); }
	@want="$$( (cat requirements.lock; echo "$(NO_DEPS_PINS)") | sha256sum | cut -d' ' -f1)"; \
	if [ "$$(cat $(STAMP) 2>/dev/null)" != "$$want" ]; then \
	  echo "installing pinned dependencies (requirements.lock, then $(NO_DEPS_PINS) without dependencies)"; \
	  $(PY) -m pip install -q -r requirements.lock && \
	  $(PY) -m pip install -q --no-deps $(NO_DEPS_PINS) && \
	  echo "$$want" > $(STAMP); \
	fi
	@site="$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"; \
	test "$$(cat $$site/programme_ingest.pth 2>/dev/null)" = "$(CURDIR)" || echo "$(CURDIR)" > $$site/programme_ingest.pth
	@# bytecode of the project's own modules (pip compiles the dependencies'): Python reads it even
	@# when PYTHONDONTWRITEBYTECODE is set, and recompiles in memory a module edited since
	@$(PY) -m compileall -q extractors pipelines >/dev/null

## run: ingest every document under raw/ into outputs/ (progress per document, then a summary)
run: setup
	$(PY) -m pipelines ingest raw --out outputs

## test: the test suite and `dagster definitions validate` (pytest exit code 5 = no tests: not an error)
test: setup validate
	@rc=0; RUN_HOSTILE_CLI=$${RUN_HOSTILE_CLI:-1} $(PY) -m pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; rc=0; fi; exit $$rc

## validate: the Dagster definitions load
validate: setup
	$(VENV)/bin/dagster definitions validate

## ui: the Dagster UI (dagster dev) on the project's instance (.dagster/), sensor and schedule included
ui: setup
	$(VENV)/bin/dagster dev

## bench: throughput benchmark (200 generated programmes): pipeline vs plain pdfplumber, re-runs, memory;
## `make bench ARCHIVE=10000`: a growing archive (first ingest, re-run, 10 new, --rebuild, peak memory)
ARCHIVE ?=
bench: setup
	$(PY) scripts/bench.py $(if $(ARCHIVE),--archive $(ARCHIVE))

## samples: rebuild the sample .docx under raw/
samples: setup
	$(PY) scripts/make_samples.py raw

## clean: remove outputs and the Dagster state (keeps .venv)
clean:
	rm -rf outputs/*/ .dagster/

## train: rebuild the committed role model from an annotated corpus (CORPUS=..., default ../shared/eval/dev)
CORPUS ?= ../shared/eval/dev
train: setup
	$(PY) -m extractors.roles.train train $(CORPUS)

## cv: grouped 5-fold cross-validation by document over the annotated corpus (the figure that generalises)
cv: setup
	$(PY) -m extractors.roles.train cv $(CORPUS)
