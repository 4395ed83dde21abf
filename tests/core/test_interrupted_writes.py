"""Ctrl+C inside a transaction: nothing is written, and neither a lock nor a temp file is
left in the way of the next write."""

import os

import pytest

from recoverytui.core import storage


def files(store):
    return {path: path.read_bytes() for path in store.home.rglob("*") if path.is_file()}


def test_ctrl_c_inside_a_transaction_writes_nothing_and_frees_the_lock(store, monkeypatch):
    before = files(store)
    with pytest.raises(KeyboardInterrupt), store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        raise KeyboardInterrupt
    assert files(store) == before
    monkeypatch.setattr(storage, "LOCK_WAIT_SECONDS", 0.1)  # a lock left held would show
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
    assert [goal["title"] for goal in store_goals(store)] == ["Walk"]


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_ctrl_c_while_the_file_is_written_leaves_the_old_file_and_no_temp(
    store, monkeypatch, where
):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Before")
    before = files(store)
    real = getattr(os, where)

    def interrupted(*args, **kwargs):
        if where != "replace" or str(args[0]).endswith(".tmp"):
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(storage.os, where, interrupted)
    with pytest.raises(KeyboardInterrupt), store.plan("kari", write=True) as plan:
        plan.add_goal("Cut short")
    monkeypatch.setattr(storage.os, where, real)
    assert files(store) == before
    assert not [path for path in store.home.rglob("*") if path.name.endswith(".tmp")]
    assert [goal["title"] for goal in store_goals(store)] == ["Before"]


def store_goals(store):
    with store.plan("kari") as plan:
        return plan.goals()
