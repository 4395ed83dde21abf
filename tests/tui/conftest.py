"""Fixtures for driving the real TUI: a fixed demo store, time frozen, no cursor blink."""

from __future__ import annotations

import datetime as dt

import pytest

from recoverytui.core import dates
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp

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
