"""The store most core tests start from: one client, Kari, with the default checklists."""

import pytest

from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path)
    store.add_client("Kari")
    return store
