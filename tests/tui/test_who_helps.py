"""Section 8, Who helps: the individual plan's participants, measures and revisions, written
by keys alone and by mouse alone at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, SelectionList, Static, TabbedContent

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.plan import PlanScreen
from tui_support import pick, screen_text, what_does_not_fit

SIZE = (80, 24)


def table_of(app: RecoveryApp) -> DataTable:
    return app.screen.query_one("#who-table", DataTable)


async def go_to(pilot, app: RecoveryApp, key: str) -> None:
    table = table_of(app)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def click_row(pilot, app: RecoveryApp, key: str, times: int = 1) -> None:
    """A click on a row of the table, scrolled into sight first."""
    table = table_of(app)
    index = table.get_row_index(key)
    table.scroll_to(y=index, animate=False)
    await pilot.pause()
    await pilot.click("#who-table", offset=(6, index - round(table.scroll_y)), times=times)
    await pilot.pause()


async def open_section_by_mouse(pilot) -> None:
    await pilot.click("#--content-tab-section-who")
    await pilot.pause()


def plan_of(store: Store) -> dict:
    with store.plan("demo") as plan:
        return {
            "participants": plan.participants(),
            "measures": plan.measures(),
            "period": plan.plan_period(),
        }


async def test_key_8_shows_who_takes_part_the_measures_and_the_revisions(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        assert session.screen.query_one(TabbedContent).active == "section-who"
        keys = [row.key.value for row in table_of(session).ordered_rows]
        assert keys[:2] == ["part:participants", "participant:1"]
        assert "part:measures" in keys and "measure:4" in keys
        assert keys[-2:] == ["part:revisions", "revision:1"]
        period = str(session.screen.query_one("#who-period-line", Static).render())
        assert period == (
            "Plan 2026-09-04 – 2027-09-04 · next revision by 2027-04-16"
            " · Coordinator: Kari (demo worker)"
        )
        table = table_of(session)
        assert [str(c) for c in table.get_row("measure:4")[1:4]] == [
            "Budget advice",
            "Line",
            "planned",
        ]
        assert str(table.get_row("revision:1")[2]) == "Robin, Kari (demo worker), Line"
        assert str(table.get_row("participant:2")[2]) == "contact person, coordinator"
        assert what_does_not_fit(session) == []
        await go_to(pilot, session, "revision:1")
        text = str(session.screen.query_one("#who-detail", Static).render())
        assert "Who was there: Robin, Kari (demo worker), Line" in text


async def test_a_participant_and_a_measure_added_by_keys_alone(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "a")  # on the participants' heading: a participant
        assert isinstance(session.screen, FormScreen)
        await pilot.press(*"Aunt Liv", "tab", *"aunt", "tab", "space", "tab", "tab")
        await pilot.press(*"400 00 000", "tab", *"Sunday dinners", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        added = plan_of(store)["participants"][-1]
        assert (added["number"], added["name"], added["role"], added["phone"]) == (
            6,
            "Aunt Liv",
            "aunt",
            "400 00 000",
        )
        assert (added["contributes"], added["coordinator"]) == ("Sunday dinners", True)
        table = table_of(session)
        assert table.cursor_row == table.get_row_index("participant:6")  # on the new one
        period = str(session.screen.query_one("#who-period-line", Static).render())
        assert period.endswith("Coordinator: Aunt Liv")

        await go_to(pilot, session, "part:measures")
        await pilot.press("a")
        await pilot.press(*"Sunday dinner at Liv's")
        # Who is responsible: the list opens with Enter, the arrows pick the sixth.
        await pilot.press("tab", "enter", *["down"] * 6, "enter")
        await pilot.press("tab", "tab", *"every Sunday", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    measure = plan_of(store)["measures"][-1]
    assert (measure["number"], measure["text"], measure["responsible"]) == (
        5,
        "Sunday dinner at Liv's",
        6,
    )
    assert (measure["extent"], measure["status"]) == ("every Sunday", "active")


async def test_a_participant_and_a_measure_added_by_mouse_alone(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await open_section_by_mouse(pilot)
        await pilot.click("#add-participant")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        await pilot.click("#field-text")
        await pilot.press(*"Nora")
        await pilot.click("#field-role")
        await pilot.press(*"peer worker")
        session.screen.query_one("#field-contributes").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#field-contributes")
        await pilot.press(*"Walks on Wednesdays")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        await pilot.click("#add-measure")
        await pilot.pause()
        await pilot.click("#field-text")
        await pilot.press(*"Walks together")
        await pick(pilot, session, "field-responsible", 6)  # the blank, then 1…6: Nora
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    found = plan_of(store)
    nora = found["participants"][-1]
    assert (nora["name"], nora["role"], nora["contributes"]) == (
        "Nora",
        "peer worker",
        "Walks on Wednesdays",
    )
    assert (found["measures"][-1]["text"], found["measures"][-1]["responsible"]) == (
        "Walks together",
        6,
    )


async def test_a_participant_changed_by_a_second_click_and_by_e(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await open_section_by_mouse(pilot)
        await click_row(pilot, session, "participant:3")
        assert isinstance(session.screen, PlanScreen)  # the first click only moves there
        await click_row(pilot, session, "participant:3")
        assert isinstance(session.screen, FormScreen)
        await pilot.click("#field-phone")
        await pilot.press(*"411 11 111")
        await pilot.click("#save")
        await pilot.pause()
        await go_to(pilot, session, "measure:3")
        await pilot.press("e", "end", "ctrl+u", *"Medicines gone through", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    found = plan_of(store)
    assert found["participants"][2]["phone"] == "411 11 111"
    assert found["measures"][2]["text"] == "Medicines gone through"
    assert found["measures"][2]["responsible"] == 4  # kept as it was


async def test_a_participant_taken_out_by_pressing_twice_keys_and_mouse(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await go_to(pilot, session, "participant:3")
        await pilot.press("x")
        assert len(plan_of(store)["participants"]) == 5  # the first x only asks
        at = table_of(session).cursor_row
        await pilot.press("x")
        await pilot.pause()
        assert [p["number"] for p in plan_of(store)["participants"]] == [1, 2, 4, 5]
        assert table_of(session).cursor_row == at  # where Jon was, not back at the top
        await click_row(pilot, session, "participant:1")
        await pilot.click("#remove-entry")
        await pilot.pause(0.3)  # a button takes no second press while it shows the first
        assert len(plan_of(store)["participants"]) == 4
        await pilot.click("#remove-entry")
        await pilot.pause()
    assert [p["number"] for p in plan_of(store)["participants"]] == [2, 4, 5]


async def test_one_responsible_for_a_measure_is_not_taken_out(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await go_to(pilot, session, "participant:5")
        await pilot.press("x", "x")
        await pilot.pause()
        said = [str(note.message) for note in session._notifications]
        assert said[-1].startswith("Line is responsible for measure 2, 4. Give it to someone")
        assert "recovery edit-measure" not in " ".join(said)
    assert len(plan_of(store)["participants"]) == 5


async def test_a_measure_moves_on_by_a_click(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await open_section_by_mouse(pilot)
        await click_row(pilot, session, "measure:4")
        assert "✓ planned" in screen_text(session)
        await pilot.click("#status-active")
        await pilot.pause(0.3)
        assert plan_of(store)["measures"][3]["status"] == "active"
        assert str(table_of(session).get_row("measure:4")[3]) == "under way"
        await pilot.click("#status-ended")
        await pilot.pause()
        await pilot.press("s")  # and by keys: a choice of three
        assert isinstance(session.screen, FormScreen)
        await pilot.press("enter", "up", "up", "enter", "ctrl+s")
        await pilot.pause()
    assert plan_of(store)["measures"][3]["status"] == "planned"


async def test_a_revision_recorded_with_who_was_there_chosen_by_click(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await open_section_by_mouse(pilot)
        await pilot.click("#record-revision")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        present = session.screen.query_one("#field-present", SelectionList)
        await pilot.click(present, offset=(2, 0))  # Robin
        await pilot.click(present, offset=(2, 3))  # Dr. Berg
        await pilot.pause()
        await pilot.click("#field-note")
        await pilot.press(*"The measures gone through.")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        table = table_of(session)
        assert table.cursor_row == table.get_row_index("revision:2")
        assert str(table.get_row("revision:2")[2]) == "Robin, Dr. Berg"
    period = plan_of(store)["period"]
    held = period["revisions"][-1]
    assert (held["date"], held["present"], held["note"]) == (
        "2026-11-27",
        [1, 4],
        "The measures gone through.",
    )
    assert period["revise_by"] == "2027-05-27"  # six months on


async def test_the_plan_period_set_by_keys(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "t", "end", "ctrl+u", *"01.01.2027", "tab", "end", "ctrl+u")
        await pilot.press(*"31.12.2027", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        assert "Plan 2027-01-01 – 2027-12-31" in screen_text(session)
    period = plan_of(store)["period"]
    assert (period["plan_start"], period["plan_end"]) == ("2027-01-01", "2027-12-31")


async def test_refused_input_saves_nothing_and_says_why(session, store: Store):
    before = plan_of(store)
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "p", "tab", *"neighbour", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        error = str(session.screen.query_one("#error-text", Static).render())
        assert "can't be empty" in error
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("m", *"Budget course", "tab", "tab", "tab", "tab")
        await pilot.press(*"01.03.2027", "tab", *"01.02.2027", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)  # the dates' order only core can see
        error = str(session.screen.query_one("#error-form", Static).render())
        assert error.startswith("A measure ends on or after the day it starts")
        await pilot.press("end", "ctrl+u", *"31.02.2027", "ctrl+s")
        await pilot.pause()
        assert str(session.screen.query_one("#error-until", Static).render())
    assert plan_of(store) == before
