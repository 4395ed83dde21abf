"""The day the tests' frozen calendar starts on (the `day` fixture in tests/conftest.py)."""

import datetime as dt

DAY = dt.date(2026, 11, 26)  # a Thursday in ISO week 2026-W48
