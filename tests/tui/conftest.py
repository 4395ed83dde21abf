"""Fixtures for driving the real TUI: a fixed demo store, time frozen, no cursor blink."""

from __future__ import annotations

import datetime as dt

import pytest

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from tui_support import demo_store, freeze


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    return freeze(monkeypatch)


@pytest.fixture
def store(tmp_path, frozen) -> Store:
    return demo_store(tmp_path / "home")


@pytest.fixture
def session(store: Store) -> RecoveryApp:
    return RecoveryApp(store, client="demo")


@pytest.fixture
def caseload(store: Store) -> RecoveryApp:
    return RecoveryApp(store)
