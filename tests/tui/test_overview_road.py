"""The overview's picture of the road so far: drawn from core's series, with the same in words
beside each strip, inside 80×24, and kind to a plan with nothing in it yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.themes import load_themes

SIZE = (80, 24)


def _rows(app: RecoveryApp) -> list[tuple[str, str, str]]:
    cells = [str(w.render()) for w in app.screen.query(".road-rows Static")]
    return [tuple(cells[at : at + 3]) for at in range(0, len(cells), 3)]  # type: ignore[misc]


async def test_hope_check_ins_and_the_ladder_as_strips_with_words(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        rows = dict((label, (strip, words)) for label, strip, words in _rows(session))
        assert rows["Hope 0–10"] == (
            "·····▃▄▂▄▄▅·",
            "3 → 6 over 6 weeks, between 2 and 6, latest 6",
        )
        strip, words = rows["Call my brother"]
        assert (strip, words) == ("········▃▃▅▅", "in 4 of 12 weeks, latest 2 (some progress)")
        # Medicine went back a step and up again: said in the order it came.
        assert rows["Medicine"] == ("·▃▃▃▅▅▅▃▃▃▅▅", "step 2 → 3 → 2 → 3")
        headings = [str(w.render()) for w in session.screen.query(".road-heading")]
        assert headings == [
            "The road so far, week 37 to 48 (· nothing noted that week)",
            "Check-ins per goal, 0–4",
            "The ladder's steps, 1–5",
        ]
        for widget in session.screen.query("#road Static"):
            assert widget.region.right <= SIZE[0], str(widget.render())


@pytest.mark.parametrize("theme", [theme.name for theme in load_themes()])
async def test_a_step_back_is_drawn_in_the_same_calm_colour_as_a_step_up(session, theme):
    async with session.run_test(size=SIZE) as pilot:
        session.theme = theme
        await pilot.press("1")
        await pilot.pause()
        ladder = list(session.screen.query(".road-strip.-ladder"))
        assert len(ladder) == 4
        colours = {strip.styles.color for strip in ladder}
        assert len(colours) == 1
        variables = session.theme_variables
        assert colours.pop().hex.lower() == variables["step-up"].lower()
        assert variables["step-up"].lower() != variables["error"].lower()


async def test_a_plan_with_nothing_yet_says_so_kindly(tmp_path: Path, frozen):
    store = Store(tmp_path)
    store.add_client("Kari", handle="kari")
    app = RecoveryApp(store, client="kari")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert _rows(app) == [
            ("Hope 0–10", "············", "No hope rating yet: the weekly review asks for one.")
        ]
        headings = [str(w.render()) for w in app.screen.query(".road-heading")]
        assert headings[-1] == "Goals and the ladder will show here week by week."


async def test_the_picture_follows_a_change_to_the_plan(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        with store.plan("demo", write=True) as plan:
            plan.record_review(hope=10)
        session.screen.query_one("OverviewPane").update_plan(  # type: ignore[attr-defined]
            store_whole(store)
        )
        await pilot.pause()
        rows = dict((label, (strip, words)) for label, strip, words in _rows(session))
        assert rows["Hope 0–10"][0].endswith("█")
        assert rows["Hope 0–10"][1].endswith("latest 10")


def store_whole(store: Store) -> dict:
    with store.plan("demo") as plan:
        return plan.whole()
