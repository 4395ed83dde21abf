"""The shared screen in bokmål at 80×24: every section in every theme, the caseload, the forms.

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

SECTIONS = {
    "overview": "1", "dreams": "2", "goals": "3", "ladder": "4", "needs": "5", "week": "6",
    "crisis": "7", "who": "8",
}  # fmt: skip
THEMES = ["recovery-calm", "recovery-light", "recovery-contrast"]


def test_the_demo_speaks_bokmal(store):
    with store.plan("demo") as plan:
        titles = [goal["title"] for goal in plan.data()["goals"].values()]
    assert "Få min egen seng" in titles


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_in_every_theme(snap_compare, store, section, theme):
    app = RecoveryApp(store, client="demo")

    async def choose_theme(pilot):
        app.theme = theme

    assert snap_compare(
        app, press=[SECTIONS[section]], terminal_size=(80, 24), run_before=choose_theme
    )


def test_caseload(snap_compare, store):
    app = RecoveryApp(store)

    async def read(pilot):  # what is due is read in a worker thread
        await caseload_read(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=read)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("check_in_form", ["3", "down", "c"]),
        ("goal_form_with_an_error", ["3", "a", *"Gå", "tab", *"31.02.2026", "ctrl+s"]),
        ("step_back_form", ["4", "b"]),
        ("rate_need_form", ["5", "enter"]),
        ("help", ["3", "f1"]),
        ("review_first_card", ["6", "r"]),
        ("palette", ["3", "ctrl+p"]),
        ("crisis_sign_form", ["7", "down", "down", "a"]),
        ("crisis_gone_through_form", ["7", "g"]),
        ("who_participant_form", ["8", "p"]),
        ("who_measure_form", ["8", "m"]),
        ("who_revision_form", ["8", "r"]),
        ("who_measure_under_cursor", ["8", *["down"] * 10]),
        ("who_sharing", ["8", "c"]),
        ("who_consent_form", ["8", "c", "a"]),
        ("who_consent_form_refused", ["8", "c", "a", "ctrl+s"]),
        ("who_withdraw_form", ["8", "c", "w"]),
    ],
)
def test_forms_and_screens(snap_compare, store, name, keys):
    app = RecoveryApp(store, client="demo")
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


@pytest.mark.parametrize("theme", THEMES)
def test_sharing_in_every_theme(snap_compare, store, theme):
    app = RecoveryApp(store, client="demo")

    async def choose_theme(pilot):
        app.theme = theme

    assert snap_compare(app, press=["8", "c"], terminal_size=(80, 24), run_before=choose_theme)
