"""The store most core tests start from: one client, Kari, with the default checklists."""

import pytest

from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path)
    store.add_client("Kari")
    return store


@pytest.fixture(autouse=True)
def _frozen_calendar(day):
    """Every core test runs on the frozen calendar (tests/conftest.py), so none reads the real
    clock's today; a test moves it forward with day[0] = …"""
