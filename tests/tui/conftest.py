"""Fixtures for driving the real TUI: a fixed demo store, time frozen, no cursor blink."""

from __future__ import annotations

import pytest

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from tui_support import frozen, store

__all__ = ["frozen", "store"]  # the fixed world, shared with tests/tui_nb


@pytest.fixture
def session(store: Store) -> RecoveryApp:
    return RecoveryApp(store, client="demo")


@pytest.fixture
def caseload(store: Store) -> RecoveryApp:
    return RecoveryApp(store)
