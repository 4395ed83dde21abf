"""The shared screen in bokmål at 80×24: the caseload and the forms in states of their own
(every section, form and review card in every theme: test_every_screen_nb.py).

A screen's words are fixed when its module is imported, so these run in a process that
speaks bokmål from the start: `make test` runs
`RECOVERY_TEST_LANG=nb pytest tests/tui_nb`. The English run doesn't collect them
(tests/conftest.py). Update on purpose only, as for test_snapshots.py, with
RECOVERY_TEST_LANG=nb set.
"""

from __future__ import annotations

import pytest

from recoverytui.core import i18n
from recoverytui.tui.app import RecoveryApp
from tui_support import caseload_read

pytestmark = pytest.mark.skipif(
    i18n.language() != "nb", reason="run with RECOVERY_TEST_LANG=nb (make test does)"
)


def test_the_demo_speaks_bokmal(store):
    with store.plan("demo") as plan:
        titles = [goal["title"] for goal in plan.data()["goals"].values()]
    assert "Få min egen seng" in titles


def test_caseload(snap_compare, store):
    app = RecoveryApp(store)

    async def read(pilot):  # what is due is read in a worker thread
        await caseload_read(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=read)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("goal_form_with_an_error", ["3", "a", *"Gå", "tab", *"31.02.2026", "ctrl+s"]),
        ("rate_need_form", ["5", "enter"]),
        ("help", ["3", "f1"]),
        ("palette", ["3", "ctrl+p"]),
        ("who_measure_under_cursor", ["8", *["down"] * 10]),
        ("who_consent_form_refused", ["8", "c", "a", "ctrl+s"]),
    ],
)
def test_forms_and_screens(snap_compare, store, name, keys):
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


def test_a_session_in_a_team_says_when_it_synced(snap_compare, store, tmp_path, monkeypatch):
    from tui_support import make_team, settled

    make_team(store, tmp_path / "server", monkeypatch)
    app = RecoveryApp(store, client="demo")

    async def synced(pilot):
        await settled(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=synced)


def test_the_caseload_of_a_team_says_when_each_plan_synced(
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
