# regsync: the two set-up commands are `make demo` and `make test`; both build on `make install`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Re-install when the package list or any module changes: the strict editable
# install (needed by mypy for the regsync.* mapping) only sees files present at install.
SOURCES := pyproject.toml $(shell find core sync packages_bpz adapters gui_tk app -name '*.py' -o -name '*.mako' 2>/dev/null)
# Debian packages, in two lists.  `make demo` needs only the first: Python and the
# Chinese font (fonts-wqy-zenhei: the TrueType font every PDF embeds and the Tk window
# uses).  The tests need the rest too: poppler-utils (the document tests render PDFs
# with pdftoppm and read them with pdftotext); postgresql (the PostgreSQL backend);
# pcscd, vsmartcard-vpcd, swig, libpcsclite-dev (the identity lock: pyscard builds from
# source); xvfb (the X server the Tk shell's tests start for themselves); systemd
# (systemd-analyze verifies the service unit in deploy/).
DEMO_APT := python3-venv fonts-wqy-zenhei
TEST_APT := python3-dev postgresql postgresql-client tzdata poppler-utils \
  pcscd vsmartcard-vpcd swig libpcsclite-dev xvfb systemd
APT_PACKAGES := $(DEMO_APT) $(TEST_APT)
# The demo's install: the user extras plus the sync server its cities run (pure Python).
DEMO_STAMP := $(VENV)/.demo-installed

.PHONY: install demo demo-lock desktop test lint system-deps demo-deps postgres pcscd bench clean catalogue

install: system-deps $(STAMP)

$(STAMP): $(SOURCES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,smartcard]' --config-settings editable_mode=strict
	@touch $(STAMP)

# Install the Debian packages of $(1) that are missing (when we are root).
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "please run: sudo apt-get install $$missing"; exit 1; fi; \
	fi
endef

# Debian packages the tests need (all of them).
system-deps:
	$(call apt_install,$(APT_PACKAGES))

# What the demo needs: Python and the Chinese font, nothing else.
demo-deps:
	$(call apt_install,$(DEMO_APT))

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

# The user install (regsync[gui,server], no compiler, no database server), then the demo.
demo: demo-deps $(DEMO_STAMP)
	@scripts/demo.sh

$(DEMO_STAMP): $(SOURCES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[gui,server]' --config-settings editable_mode=strict
	@touch $(DEMO_STAMP)

# The one-folder desktop program (packaging/regsync.spec) in dist/regsync/, then its
# smoke test: --help, a two-firm demo by bundles, the window under Xvfb.  Slow (minutes):
# not part of `make test`.
desktop: system-deps install
	$(BIN)/python -m pip install -q -e '.[desktop]' --config-settings editable_mode=strict
	@touch $(STAMP)
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/regsync.spec
	REGSYNC_REQUIRE_DESKTOP=1 REGSYNC_REQUIRE_XVFB=1 \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/gui/test_desktop.py

# The identity-lock walkthrough (needs pcscd and vsmartcard-vpcd; skips without them).
demo-lock: system-deps install
	@scripts/demo-lock.sh

# The message catalogue: move (zh, en) pairs into core/locale/*.po, compile the .mo files.
catalogue: install
	$(BIN)/python scripts/pairs_to_po.py

# Every benchmark (benchmarks/results.py): results.json and the table in benchmarks/RESULTS.md.
# Slow (minutes, a 1M-change import among them); BENCH_ARGS=--quick runs each at a tiny N.
bench: install postgres
	$(BIN)/python -m pip install -q -e '.[dev,smartcard,bench]' --config-settings editable_mode=strict
	$(BIN)/python benchmarks/results.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info test-output demo-home demo-lock-home demo-lock-city demo-lock-province
