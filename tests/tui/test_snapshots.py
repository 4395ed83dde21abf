"""SVG snapshots of every screen, with time frozen and a fixed demo store.

Update on purpose only (`pytest tests/tui/test_snapshots.py --snapshot-update`), and look at
the changed SVGs before committing them.
"""

from __future__ import annotations

import pytest

from recoverytui.tui.app import RecoveryApp
from tui_support import caseload_read, settled

SECTIONS = {
    "overview": "1", "dreams": "2", "goals": "3", "ladder": "4", "needs": "5", "week": "6",
    "crisis": "7", "who": "8",
}  # fmt: skip
SIZES = {"small": (80, 24), "large": (120, 40)}


# At 80×24 every section is in tests/screens/, in every theme (test_every_screen.py).
@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_at_120x40(snap_compare, store, section):
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=[SECTIONS[section]], terminal_size=SIZES["large"])


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("goal_form_with_an_error", ["3", "a", *"Walk", "tab", *"31.02.2026", "ctrl+s"]),
        ("rate_need_form", ["5", "enter"]),
        ("help", ["3", "f1"]),
        ("blank", ["ctrl+l"]),
        ("who_measure_form_refused", ["8", "m", "ctrl+s"]),
        ("who_measure_under_cursor", ["8", *["down"] * 10]),
        ("who_consent_form_refused", ["8", "c", "a", "ctrl+s"]),
        ("who_sharing_asks_before_withdrawing", ["8", "c", "x"]),
    ],
)
def test_forms_and_screens_at_80x24(snap_compare, store, name, keys):
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


@pytest.mark.parametrize(
    ("name", "keys"),
    [("check_in_form", ["3", "down", "c"]), ("help", ["3", "f1"]), ("review", ["6", "r"])],
)
def test_forms_and_screens_at_120x40(snap_compare, store, name, keys):
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=keys, terminal_size=(120, 40))


@pytest.mark.parametrize("size", SIZES)
def test_caseload(snap_compare, store, size):
    app = RecoveryApp(store)

    async def read(pilot):  # what is due is read in a worker thread
        await caseload_read(app, pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=read)


def test_the_unlock_screen_after_a_wrong_passphrase_at_80x24(snap_compare, store, monkeypatch):
    from recoverytui.core import crypto, storage

    monkeypatch.setattr(crypto, "SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    crypto.create(store.home, "blue kettle on the stairs")
    crypto.seal_store(store.home)
    storage.use_sealer(None)
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=[*"wrong words", "enter"], terminal_size=(80, 24))


def test_an_edit_conflict_at_80x24(snap_compare, store):
    """Goal 2 changed by the CLI while its form was open: both versions, side by side."""
    app = RecoveryApp(store, client="demo")

    async def change_meanwhile(pilot):
        from textual.widgets import Input

        await pilot.press("3", "down", "e")
        app.screen.query_one("#field-title", Input).value = "Tidy the room, one shelf a day"
        with store.plan("demo", write=True) as plan:
            plan.edit_goal(2, title="Tidy the room (Ola)", support="Ola on Tuesdays")
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=change_meanwhile)


def test_the_road_so_far_on_a_plan_with_nothing_yet_at_80x24(snap_compare, store):
    store.add_client("Kari", handle="kari")
    app = RecoveryApp(store, client="kari")
    assert snap_compare(app, press=["1"], terminal_size=(80, 24))


@pytest.mark.parametrize(
    ("name", "keys", "click"),
    [
        ("check_in_form_by_click", ["3", "down", "c"], "#pick-progress-4"),
        ("review_goal_card_by_click", ["6", "r"], "#pick-progress-1"),
        ("review_ladder_card_by_click", ["6", "r", "ctrl+n", "ctrl+n"], "#pick-move-back"),
        ("review_hope_by_click", ["6", "r", *["ctrl+n"] * 8], "#pick-hope-6"),
        ("rate_need_form_by_click", ["5", "r"], "#pick-worker-met"),
    ],
)
def test_values_chosen_by_a_click_at_80x24(snap_compare, store, name, keys, click):
    """The values as labelled buttons, the one clicked marked with a tick."""
    app = RecoveryApp(store, client="demo")

    async def choose(pilot):
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.click(click)
        await pilot.pause(0.4)  # the button drawn unpressed again

    assert snap_compare(app, terminal_size=(80, 24), run_before=choose)


def test_a_session_in_a_team_says_when_it_synced_at_80x24(
    snap_compare, store, tmp_path, monkeypatch
):
    """Synced on opening: the time in the header, and F5 to sync again in the footer."""
    from tui_support import make_team

    make_team(store, tmp_path / "server", monkeypatch)
    app = RecoveryApp(store, client="demo")

    async def synced(pilot):
        await settled(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=synced)


def test_the_caseload_of_a_team_says_when_each_plan_synced_at_80x24(
    snap_compare, store, tmp_path, monkeypatch
):
    from recoverytui.core.team.sync import Team
    from tui_support import make_team

    make_team(store, tmp_path / "server", monkeypatch)
    Team(store).sync()
    app = RecoveryApp(store)

    async def read(pilot):
        await caseload_read(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=read)
