"""A test passes on any day: "today" comes from the frozen calendar, never from the real clock.

In-process tests ask for the `day` fixture (tests/conftest.py); every core test has it without
asking. `make test-clock` runs the core, CLI and report tests again with the clock moved.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).parent

# What reads the real clock, by the name it is reached through: dt.date.today(), time.time()…
CLOCKS = {
    "date": {"today"},
    "datetime": {"now", "today", "utcnow"},
    "pendulum": {"now", "today", "tomorrow", "yesterday"},
    "time": {"time", "time_ns", "localtime", "gmtime", "ctime", "strftime"},
}

# These drive the program in real processes, which read the real clock, so the test's
# expectations must come from that clock too; `make test-clock` runs them moved.
REAL_PROCESSES = {"test_faults.py", "test_tui_terminal.py", "test_tui_mouse.py"}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def real_clock_reads(source: str) -> list[int]:
    """The lines of `source` that reach the real clock (calls or references alike)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in CLOCKS.get(_name(node.value) or "", ())
    ]


def test_the_check_sees_each_way_of_reading_the_clock():
    source = (
        "import datetime as dt\nTODAY = dt.date.today\n"
        "from datetime import datetime\nstamp = datetime.now()\n"
        "import time\nmoment = time.time()\nimport pendulum\nday = pendulum.today()\n"
        "ok = dates.today(); still = time.monotonic(); fine = dt.date(2026, 11, 27)\n"
    )
    assert real_clock_reads(source) == [2, 4, 6, 8]


def test_no_test_reads_the_real_clock():
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name not in REAL_PROCESSES
        for line in real_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "ask the frozen calendar (the `day` fixture) instead: " + ", ".join(found)
