"""The store most core tests start from: one client, Kari, with the default checklists."""

import pytest
from core_support import DAY

from recoverytui.core import dates
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path)
    store.add_client("Kari")
    return store


@pytest.fixture(autouse=True)
def day(monkeypatch):
    """The calendar frozen on DAY for every core test, so none reads the real clock's today;
    a test moves it forward with day[0] = …"""
    current = [DAY]
    monkeypatch.setattr(dates, "today", lambda: current[0])
    return current
