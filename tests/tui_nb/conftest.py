"""The bokmål snapshots' fixtures: the same fixed world as tests/tui, in a process that speaks
bokmål (tests/conftest.py collects this folder only then)."""

from __future__ import annotations

import datetime as dt

import pytest

from recoverytui.core.store import Store
from tui_support import demo_store, freeze


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    return freeze(monkeypatch)


@pytest.fixture
def store(tmp_path, frozen) -> Store:
    return demo_store(tmp_path / "home")
