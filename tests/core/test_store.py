import uuid

import pytest

from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path)


def test_home_comes_from_recovery_home(tmp_path, monkeypatch):
    monkeypatch.setenv("RECOVERY_HOME", str(tmp_path / "x"))
    assert Store().home == tmp_path / "x"


def test_add_client_gives_uuid_and_handle_from_first_name(store):
    client = store.add_client("Kari Nordmann", coordinator="Ola")
    assert uuid.UUID(client["id"]).version == 4
    assert client["handle"] == "kari"
    assert client["coordinator"] == "Ola"
    assert client["voice"] == "worker"


def test_handles_are_folded_and_made_unique(store):
    assert store.add_client("Øystein")["handle"] == "oystein"
    assert store.add_client("Øystein B")["handle"] == "oystein-2"
    assert store.add_client("Åse")["handle"] == "ase"
    assert store.add_client("😊")["handle"] == "client"


def test_explicit_handle_is_checked_and_unique(store):
    store.add_client("Kari", handle="K1")
    with pytest.raises(InvalidInput, match="taken"):
        store.add_client("Karianne", handle="k1")
    with pytest.raises(InvalidInput, match="handle"):
        store.add_client("Per", handle="has space")
    assert [c["handle"] for c in store.clients()] == ["k1"]


def test_find_client_by_handle_or_id_and_nothing_else(store):
    client = store.add_client("Kari")
    assert store.find_client("KARI")["id"] == client["id"]
    assert store.find_client(client["id"])["handle"] == "kari"
    with pytest.raises(NotFound, match="'Kar'"):
        store.find_client("Kar")
    with pytest.raises(InvalidInput):
        store.find_client("")


def test_a_plan_opens_only_its_own_file(store, monkeypatch):
    store.add_client("Kari")
    ola = store.add_client("Ola")
    opened = []
    import recoverytui.core.storage as storage

    real = storage.read_store_bytes  # every read of a store file goes through it
    monkeypatch.setattr(storage, "read_store_bytes", lambda p: opened.append(p.name) or real(p))
    with store.plan("ola") as plan:
        assert plan.client["name"] == "Ola"
    assert opened == ["caseload.json", f"{ola['id']}.json"]
