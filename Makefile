# Two commands do all the set-up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo lives beside the clone, so trying the tool never touches a real caseload.
DEMO_HOME := $(CURDIR)/.demo

.PHONY: demo test lint clean

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
	$(BIN)/pytest
	$(BIN)/python tests/typecheck.py
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .ruff_cache .mypy_cache .hypothesis
