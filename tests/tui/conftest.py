"""Fixtures for driving the real TUI: a fixed demo store, time frozen, no cursor blink."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from recoverytui.core import dates
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp

# The bokmål snapshots run only in a process that speaks bokmål (`make test` starts one);
# elsewhere they are not collected, so their snapshot files don't read as unused.
collect_ignore = [] if os.environ.get("RECOVERY_TEST_LANG") == "nb" else ["test_snapshots_nb.py"]

FRIDAY = dt.date(2026, 11, 27)
OTHER_NAME = "Zacharias Otherclient"


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    return FRIDAY


@pytest.fixture
def store(tmp_path, frozen) -> Store:
    store = Store(tmp_path / "home")
    create_demo(store, today=FRIDAY)
    other = store.add_client(OTHER_NAME, handle="zach")
    with store.plan(other["id"], write=True) as plan:
        plan.add_goal(f"{OTHER_NAME}'s own goal")
    return store


@pytest.fixture
def session(store: Store) -> RecoveryApp:
    return RecoveryApp(store, client="demo")


@pytest.fixture
def caseload(store: Store) -> RecoveryApp:
    return RecoveryApp(store)
