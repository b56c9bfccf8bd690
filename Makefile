# regsync: the two set-up commands are `make demo` and `make test`; both build on `make install`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Re-install when the package list or any module changes: the strict editable
# install (needed by mypy for the regsync.* mapping) only sees files present at install.
SOURCES := pyproject.toml $(shell find core sync packages_bpz adapters gui_tk app -name '*.py' -o -name '*.mako' 2>/dev/null)
# poppler-utils: the document tests render PDFs (pdftoppm) and read their text (pdftotext);
# fonts-wqy-zenhei: the Chinese TrueType font every PDF embeds (and the Tk window uses);
# pcscd, vsmartcard-vpcd, swig, libpcsclite-dev: the identity lock (pyscard builds from source);
# xvfb: the X server the Tk shell's tests start for themselves.
APT_PACKAGES := python3-venv python3-dev postgresql postgresql-client tzdata \
  poppler-utils fonts-wqy-zenhei pcscd vsmartcard-vpcd swig libpcsclite-dev xvfb systemd

.PHONY: install demo demo-lock test lint system-deps postgres pcscd bench clean

install: system-deps $(STAMP)

$(STAMP): $(SOURCES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,smartcard]' --config-settings editable_mode=strict
	@touch $(STAMP)

# Debian packages the tests need; installed when missing and we are root.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "please run: sudo apt-get install $$missing"; exit 1; fi; \
	fi

# The PostgreSQL tests need a server at 127.0.0.1:5432 with trust auth for user postgres.
postgres: system-deps
	@scripts/ensure-postgres.sh

# The identity-lock tests run the real PC/SC stack: pcscd with the vpcd driver.
pcscd: system-deps
	@scripts/ensure-pcscd.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd /tmp && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml \
	  -p regsync.core -p regsync.sync -p regsync.packages_bpz -p regsync.adapters \
	  -p regsync.gui_tk -p regsync.app
	$(BIN)/lint-imports

test: system-deps install postgres pcscd lint
	@mkdir -p test-output
	REGSYNC_REQUIRE_PG=1 REGSYNC_REQUIRE_PCSC=1 REGSYNC_REQUIRE_XVFB=1 REGSYNC_REQUIRE_TMPFS=1 \
	  $(BIN)/python -m pytest --junitxml=test-output/junit.xml $(PYTEST_ARGS)

demo: system-deps install
	@scripts/demo.sh

# The identity-lock walkthrough (needs pcscd and vsmartcard-vpcd; skips without them).
demo-lock: system-deps install
	@scripts/demo-lock.sh

bench: install postgres
	$(BIN)/python benchmarks/bench_write.py
	$(BIN)/python benchmarks/bench_documents.py

clean:
	rm -rf $(VENV) build *.egg-info test-output demo-home demo-lock-home demo-lock-city demo-lock-province
