"""Section 7, When things get hard: the crisis plan written together, by keys and by mouse."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static, TabbedContent
from textual.widgets._footer import FooterKey

from recoverytui.core.documents import KINDS, part_of
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.plan import PlanScreen
from recoverytui.tui.screens.review import ReviewScreen
from tui_support import caseload_read, screen_text, what_does_not_fit

SIZE = (80, 24)


def row_of(app: RecoveryApp, key: str) -> int:
    return app.screen.query_one("#crisis-table", DataTable).get_row_index(key)


async def go_to(pilot, app: RecoveryApp, key: str) -> None:
    table = app.screen.query_one("#crisis-table", DataTable)
    table.move_cursor(row=row_of(app, key))
    await pilot.pause()


async def click_footer(pilot, app: RecoveryApp, action: str) -> None:
    [key] = [k for k in app.screen.query(FooterKey) if k.action == action]
    await pilot.click(key)
    await pilot.pause()


async def test_key_7_opens_the_crisis_plan_with_every_part_named(session: RecoveryApp):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert session.screen.query_one(TabbedContent).active == "section-crisis"
        table = session.screen.query_one("#crisis-table", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys[:3] == ["well", "well:1", "part:sign"]
        for part in ("sign", "helps", "avoid", "met", "contact", "no-contact", "treatment",
                     "practical"):  # fmt: skip
            assert f"part:{part}" in keys
        assert "contact:3" in keys and "admission:1" in keys and "reviewed:1" in keys
        # The public help numbers close the plan, from the service's template.
        assert keys[-8:-6] == ["reviewed:1", "help"]
        assert str(table.get_row("help:2")[1]) == "116 117  Out-of-hours doctor (legevakt)"
        assert what_does_not_fit(session) == []
        assert "I get up before nine" in screen_text(session)
        await go_to(pilot, session, "help:2")
        await pilot.press("a", "e", "x", "enter")
        assert isinstance(session.screen, PlanScreen)  # nothing to write there


async def test_a_sign_added_changed_and_taken_out_by_keys(session: RecoveryApp, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await go_to(pilot, session, "part:sign")
        await pilot.press("a")
        assert isinstance(session.screen, FormScreen)
        await pilot.press(*"I stop eating", "tab", *"Eat soup", "tab", *"Bring soup", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        with store.plan("demo") as plan:
            sign = plan.crisis()["signs"][-1]
        assert sign == {"number": 4, "text": "I stop eating", "action": "Eat soup",
                        "others": "Bring soup", "voice": "client"}  # fmt: skip
        table = session.screen.query_one("#crisis-table", DataTable)
        assert table.cursor_row == row_of(session, "sign:4")  # on the new entry
        await go_to(pilot, session, "sign:4")
        await pilot.press("e")
        await pilot.press("end", "ctrl+u", *"I stop eating warm food", "ctrl+t", "ctrl+s")
        await pilot.pause()
        with store.plan("demo") as plan:
            sign = plan.crisis()["signs"][-1]
        assert (sign["text"], sign["voice"]) == ("I stop eating warm food", "worker")
        await go_to(pilot, session, "sign:4")
        await pilot.press("x")
        with store.plan("demo") as plan:
            assert len(plan.crisis()["signs"]) == 4  # the first x only asks
        at = table.cursor_row
        await pilot.press("x")
        await pilot.pause()
        with store.plan("demo") as plan:
            assert [s["number"] for s in plan.crisis()["signs"]] == [1, 2, 3]
        assert table.cursor_row == at  # where the entry was, not back at the top


@pytest.mark.parametrize("kind", KINDS)
async def test_every_part_takes_an_entry_from_its_form(session: RecoveryApp, store, kind):
    part = part_of(kind)
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await go_to(pilot, session, f"part:{kind}")
        await pilot.press("a")
        assert isinstance(session.screen, FormScreen)
        await pilot.press(*"Kari Nordmann")
        for key in part.more:
            await pilot.press("tab", *f"{key} ok")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        await go_to(pilot, session, f"part:{kind}")
        await pilot.press("down", "e")  # and its form opens again to be changed
        assert isinstance(session.screen, FormScreen)
    with store.plan("demo") as plan:
        added = plan.crisis()[part.field][-1]
    assert added[part.main] == "Kari Nordmann"
    assert {key: added[key] for key in part.more} == {key: f"{key} ok" for key in part.more}


async def test_a_sign_without_words_is_refused_under_its_field(session: RecoveryApp, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await go_to(pilot, session, "part:sign")
        await pilot.press("a", "tab", *"Eat soup", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        assert "can't be empty" in screen_text(session)
        assert session.screen.query_one("#field-more-action", Input).value == "Eat soup"
    with store.plan("demo") as plan:
        assert len(plan.crisis()["signs"]) == 3


async def test_gone_through_together_today(session: RecoveryApp, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("7", "g")
        assert isinstance(session.screen, FormScreen)
        # A date is nobody's words: the form doesn't offer whose words.
        assert all(key.action != "next_voice" for key in session.screen.query(FooterKey))
        await pilot.press("ctrl+s")
        await pilot.pause()
    with store.plan("demo") as plan:
        crisis = plan.crisis()
    assert (crisis["reviewed"], crisis["revise_by"]) == ("2026-11-27", "2027-05-27")


async def test_a_contact_added_and_the_agreement_changed_by_mouse(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.click("#--content-tab-section-crisis")
        await pilot.pause()
        table = session.screen.query_one("#crisis-table", DataTable)
        table.scroll_to(y=row_of(session, "part:contact"), animate=False)
        await pilot.pause()
        row = row_of(session, "part:contact") - round(table.scroll_y)
        # A click puts the cursor on a row; a click on the row under the cursor opens it.
        await pilot.click("#crisis-table", offset=(6, row + 1))
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        await pilot.click("#crisis-table", offset=(6, row + 1))  # on a heading: add to it
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        await pilot.click("#field-text")
        await pilot.press(*"Mum")
        await pilot.click("#field-more-phone")
        await pilot.press(*"+47 123 45 111")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        await go_to(pilot, session, "admission:1")
        await click_footer(pilot, session, "change")
        await pilot.click("#field-renew_by")
        await pilot.press("end", "ctrl+u", *"01.06.2027")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        crisis = plan.crisis()
    assert (crisis["contacts"][-1]["name"], crisis["contacts"][-1]["phone"]) == (
        "Mum",
        "+47 123 45 111",
    )
    assert crisis["admission"]["renew_by"] == "2027-06-01"


async def test_an_entry_taken_out_by_mouse(session: RecoveryApp, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.click("#--content-tab-section-crisis")
        await pilot.pause()
        await pilot.click("#crisis-table", offset=(6, row_of(session, "sign:1") + 1), times=2)
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)  # a second click on an entry opens it
        await pilot.click("#cancel")
        await pilot.pause()
        await click_footer(pilot, session, "remove")
        await click_footer(pilot, session, "remove")
    with store.plan("demo") as plan:
        assert [s["number"] for s in plan.crisis()["signs"]] == [2, 3]


async def test_the_weekly_review_asks_which_signs_were_noticed(session, store: Store):
    async with session.run_test(size=(100, 32)) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        while review.cards[review.index][0] != "signs":
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert "Did you notice any of your early signs this week?" in screen_text(session)
        await pilot.click("#noticed-signs", offset=(4, 3))  # the third sign, by mouse
        await pilot.pause()
        await pilot.click("#noticed-signs", offset=(4, 3))
        await pilot.pause()
        await pilot.press("up", "up", "enter")  # the first, by keys
        await pilot.pause()
    with store.plan("demo") as plan:
        assert plan.review("2026-W48")["signs"] == [1, 3]


async def test_the_overview_and_the_caseload_say_when_it_is_due(store: Store, frozen):
    app = RecoveryApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert "2027-04-16" in screen_text(app)  # the demo's next time, six months after 2026-10-16
        await pilot.press("enter")
        await pilot.pause()
        overview = str(app.screen.query_one("#overview", Static).render())
        assert "When things get hard: the crisis plan" in overview
        assert "Next time by 2027-04-16." in overview
    with store.plan("demo", write=True) as plan:
        plan.crisis_reviewed("2026-05-01", revise_by="2026-11-01")
    app = RecoveryApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert "2026-11-01 (due)" in screen_text(app)
