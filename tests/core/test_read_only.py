"""A store the system lets this user read but not write: reads go on, writes are refused
plainly. tests/test_environment.py does this with real file modes; these tests make the
system's refusal by hand, so they hold where the tests run as root and modes stop nothing."""

import errno
import os

import pytest

from recoverytui.core import storage
from recoverytui.core.errors import StoreUnusable


@pytest.fixture
def refusing(monkeypatch, store):
    """Every file opened for writing is refused, as on a read-only disk."""
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(storage.os, "open", read_only_open)
    return store


def test_a_read_only_store_is_read_under_a_shared_lock(refusing):
    assert [client["name"] for client in refusing.clients()] == ["Kari"]
    with refusing.plan("kari") as plan:
        assert plan.client["name"] == "Kari"


def test_without_lock_files_a_read_only_store_is_still_read(refusing):
    for lock in refusing.home.rglob("*.lock"):
        lock.unlink()
    with refusing.plan("kari") as plan:
        assert plan.client["name"] == "Kari"


def test_a_write_to_a_read_only_store_is_refused_plainly(refusing):
    before = {path: path.read_bytes() for path in refusing.home.rglob("*") if path.is_file()}
    with pytest.raises(StoreUnusable, match="can't be used"), refusing.plan("kari", write=True):
        pass
    with pytest.raises(StoreUnusable):
        refusing.add_client("Robin")
    after = {path: path.read_bytes() for path in refusing.home.rglob("*") if path.is_file()}
    assert after == before


def test_a_lock_file_that_is_a_folder_is_said_plainly(store):
    lock = store.client_path(store.find_client("kari")["id"]).with_suffix(".lock")
    lock.unlink()
    lock.mkdir()
    with pytest.raises(StoreUnusable), store.plan("kari"):
        pass
