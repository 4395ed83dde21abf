"""Fixtures shared by the tests: the frozen calendar, and the empty store of the CLI tests."""

import datetime as dt
from pathlib import Path

import pytest

from calendar_support import DAY


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """The calendar frozen on DAY; a test moves it forward with day[0] = …

    A test that needs "today" asks for this, never the real clock (tests/test_any_day.py).
    """
    from recoverytui.core import dates

    current = [DAY]
    monkeypatch.setattr(dates, "today", lambda: current[0])
    return current


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store in a folder that does not exist yet; no client preset by the shell."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(folder))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    monkeypatch.delenv("RECOVERY_DEBUG", raising=False)
    return folder


@pytest.fixture(autouse=True)
def _no_store_left_open():
    """An encrypted store opened by one test must not seal the next test's files."""
    from recoverytui.core import storage

    yield
    storage.use_sealer(None)
