"""Fixtures shared by the tests: the frozen calendar, and the empty store of the CLI tests."""

import datetime as dt
import os
from pathlib import Path

import pytest

from calendar_support import DAY

# The tests read the program's English; the locale of the machine running them must not
# choose bokmål for it, here or in a program they start. Tests of bokmål ask for it, and the
# shared screen's bokmål snapshots run in a process of their own (`make test` sets
# RECOVERY_TEST_LANG=nb for tests/tui_nb/): a screen's words are fixed when
# its module is imported.
TEST_LANGUAGE = os.environ.get("RECOVERY_TEST_LANG", "en")
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("RECOVERY_LANG", None)
if TEST_LANGUAGE != "en":
    os.environ["RECOVERY_LANG"] = TEST_LANGUAGE
# Collected only in that process: elsewhere syrupy would read its snapshot files as unused.
collect_ignore = [] if TEST_LANGUAGE == "nb" else ["tui_nb"]


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
def _english_again():
    """A test that made the program speak bokmål leaves it speaking the run's language."""
    yield
    from recoverytui.core import i18n

    if i18n.language() != TEST_LANGUAGE:
        i18n.use(TEST_LANGUAGE)


@pytest.fixture(autouse=True)
def _no_store_left_open():
    """An encrypted store opened by one test must not seal the next test's files."""
    from recoverytui.core import storage

    yield
    storage.use_sealer(None)
