"""The type check's rules (tests/typecheck.py): core/ and report/ clean, the rest held to a
baseline that only shrinks. Running mypy itself is `make test`'s step, not a test here."""

from collections import Counter

from typecheck import errors, problems

REPORT = """\
src/recoverytui/tui/app.py:12: error: Incompatible types in assignment  [assignment]
src/recoverytui/tui/app.py:40:5: error: Incompatible types in assignment  [assignment]
src/recoverytui/cli/goals.py:7: note: See https://mypy.readthedocs.io
src/recoverytui/core/store.py:75: error: "Storage" has no attribute "dirty"  [attr-defined]
Found 3 errors in 3 files (checked 79 source files)
"""
TUI = "src/recoverytui/tui/app.py: [assignment] Incompatible types in assignment"
CORE = 'src/recoverytui/core/store.py: [attr-defined] "Storage" has no attribute "dirty"'


def test_errors_are_keyed_without_line_numbers_and_counted():
    assert errors(REPORT) == Counter({TUI: 2, CORE: 1})


def test_core_and_report_may_have_no_errors_even_in_the_baseline():
    said = problems(Counter({CORE: 1}), Counter({CORE: 1}))
    assert said and "core/ and report/" in said[0]


def test_an_error_outside_core_is_allowed_only_as_often_as_the_baseline_says():
    assert problems(Counter({TUI: 2}), Counter({TUI: 2})) == []
    said = problems(Counter({TUI: 3}), Counter({TUI: 2}))
    assert len(said) == 1 and said[0].startswith("New type errors")


def test_a_fixed_error_must_leave_the_baseline():
    said = problems(Counter({TUI: 1}), Counter({TUI: 2}))
    assert len(said) == 1 and said[0].startswith("Fixed, but still in the baseline")
