# Two commands do all the set-up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo lives beside the clone, so trying the tool never touches a real caseload.
DEMO_HOME := $(CURDIR)/.demo

# `make test` runs these tests again with the clock moved (libfaketime), all days at once: the
# Monday of ISO week 53, New Year's Day in that same ISO week, and a leap day. A run takes
# about 100 s of CPU and waits on the disk besides; three side by side take about 3 minutes on
# two cores, which keeps CI under 10. Any other day runs alone: `make clock-2025-06-15`. The
# kill -9 and concurrency tests (marked slow) prove processes, not dates: they run once.
CLOCK_DAYS := 2026-12-28 2027-01-01 2028-02-29
CLOCK_TESTS := tests/core $(wildcard tests/test_cli*.py) tests/test_quick.py \
	tests/test_encryption.py tests/test_report.py tests/test_report_crisis.py \
	tests/test_report_plan.py $(wildcard tests/test_handover.py)
CLOCK_JOBS ?= $(words $(CLOCK_DAYS))
# The main run is spread over this many processes (pytest-xdist). CI has two cores, but the
# TUI and process tests wait on Textual's start-up and on child processes: three keep both
# cores busy (the main run took 7:15 with three, 8:58 with two, on the same machine).
TEST_JOBS ?= 3

.PHONY: demo test test-clock lint clean catalogue

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	RECOVERY_HOME=$(DEMO_HOME) $(BIN)/recovery demo
	@if [ -t 0 ] && [ -t 1 ]; then \
		RECOVERY_HOME=$(DEMO_HOME) $(BIN)/recovery session -c demo; \
	else \
		RECOVERY_HOME=$(DEMO_HOME) $(BIN)/recovery client show -c demo; \
	fi
	@echo
	@echo "Go on with: export RECOVERY_HOME=$(DEMO_HOME) PATH=$(CURDIR)/$(BIN):\$$PATH"
	@echo "            recovery session -c demo    (or: recovery goals -c demo)"

test: $(VENV)/.installed
	$(BIN)/pytest -n $(TEST_JOBS)
	RECOVERY_TEST_LANG=nb $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_JOBS) tests/tui_nb
	$(BIN)/python tests/typecheck.py
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	@$(MAKE) --no-print-directory test-clock

# CI sets REQUIRE_FAKETIME=1, so there a missing faketime fails instead of skipping.
test-clock: $(VENV)/.installed
	@if command -v faketime >/dev/null; then \
		$(MAKE) --no-print-directory --jobs=$(CLOCK_JOBS) --output-sync=target \
			$(addprefix clock-,$(CLOCK_DAYS)); \
	elif [ -n "$(REQUIRE_FAKETIME)" ]; then \
		echo "test-clock: faketime is missing (apt-get install faketime)." >&2; exit 1; \
	else \
		echo "test-clock: skipped, faketime is not installed (apt-get install faketime)."; \
	fi

# "@DAY": each process's clock starts then and runs on. Not plain `faketime DAY`: once a test
# starts the program with stdout closed, libfaketime's shared memory takes that descriptor
# and is written over, and later processes' monotonic clocks overflow. Nor
# --exclude-monotonic, with which libfaketime 0.9.10 makes Python's time.sleep fail.
clock-%: $(VENV)/.installed
	@echo "== The tests with the clock at $* 09:00"
	faketime -f "@$* 09:00:00" $(BIN)/pytest -q -p no:cacheprovider -m "not slow" $(CLOCK_TESTS)

# The bokmål catalogue, after sentences were added or changed: the .po gains the new ones
# (translate them, and take away each `fuzzy` mark once checked), then the .mo is made from
# it. Both are committed; tests/test_catalogue.py says when they are behind the code.
LOCALE := src/recoverytui/locale
catalogue: $(VENV)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-default-keywords -k _ -k ngettext:1,2 \
		-k N_ --no-location --sort-output --project recoverytui -o $(LOCALE)/recoverytui.pot .
	$(BIN)/pybabel --quiet update -i $(LOCALE)/recoverytui.pot -d $(LOCALE) -D recoverytui \
		-l nb --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D recoverytui -l nb
	rm $(LOCALE)/recoverytui.pot

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .ruff_cache .mypy_cache .hypothesis
