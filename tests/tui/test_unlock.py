"""An encrypted store in the TUI: the passphrase is asked on its own screen, hidden."""

from __future__ import annotations

import json

import pytest

from recoverytui.core import crypto, storage
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.plan import PlanScreen
from recoverytui.tui.screens.unlock import UnlockScreen
from tui_support import screen_text, settled

PASSPHRASE = "blue kettle on the stairs"
SIZE = (100, 32)


@pytest.fixture
def encrypted(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(crypto, "SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    crypto.create(store.home, PASSPHRASE)
    crypto.seal_store(store.home)
    storage.use_sealer(None)  # a new process: locked
    return store


async def test_the_session_asks_for_the_passphrase_before_showing_anything(encrypted):
    app = RecoveryApp(encrypted, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        assert "Robin" not in screen_text(app)
        await pilot.press(*"wrong words")
        shown = screen_text(app)
        assert "wrong words" not in shown  # typed hidden
        await pilot.press("enter")
        await settled(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "does not open this store" in screen_text(app)
        assert app.screen.query_one("#passphrase").value == ""
        await pilot.press(*PASSPHRASE, "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.locked_client is not None
        assert "Robin" in screen_text(app)
        assert PASSPHRASE not in screen_text(app)


async def test_esc_on_the_unlock_screen_closes_without_opening(encrypted):
    app = RecoveryApp(encrypted, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert not storage.is_open()


async def test_an_unknown_client_is_said_once_the_store_is_open(encrypted):
    app = RecoveryApp(encrypted, client="nobody")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await settled(app, pilot)
    assert app.return_code == 2


async def test_opening_finishes_a_change_of_passphrase_that_was_cut_short(encrypted, monkeypatch):
    new = "a new and longer passphrase"
    with monkeypatch.context() as stopped:  # as if killed right after key.json was replaced
        stopped.setattr(crypto, "finish_rotation", lambda home, cipher: crypto.Rotation())
        crypto.change_passphrase(encrypted.home, PASSPHRASE, new)
    storage.use_sealer(None)
    app = RecoveryApp(encrypted, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*new, "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        said = [str(note.message) for note in app._notifications]
        assert any("it is finished now" in line for line in said), said
    key = json.loads((encrypted.home / "key.json").read_text())
    assert key["format"] == 1 and "retired" not in key


async def test_the_passphrase_is_tried_in_a_worker_thread(encrypted, monkeypatch):
    """scrypt takes a moment: the screen stays drawn and answering meanwhile."""
    import threading

    on_main: list[bool] = []
    unlock = crypto.unlock

    def recorded(*args, **kwargs):
        on_main.append(threading.current_thread() is threading.main_thread())
        return unlock(*args, **kwargs)

    monkeypatch.setattr(crypto, "unlock", recorded)
    app = RecoveryApp(encrypted, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, PlanScreen)
    assert on_main == [False]
