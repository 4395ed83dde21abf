"""A change made elsewhere (the CLI) while a form was open: the form shows both versions of
each field that differs, the two choose per field or as a whole, and Ctrl+S then saves
against the newer version, without retyping anything."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Static

from recoverytui.core.store import Store
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.plan import PlanScreen

SIZE = (80, 24)


async def open_with_a_change_meanwhile(session, store: Store, pilot) -> FormScreen:
    """Goal 2's form, typed into; meanwhile the CLI changes its title and its helper."""
    await pilot.press("3", "down", "e")
    form = session.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-title", Input).value = "Tidy the room, one shelf a day"
    form.query_one("#field-area", Input).value = "home"
    with store.plan("demo", write=True) as plan:
        plan.edit_goal(2, title="Tidy the room (Ola)", support="Ola on Tuesdays")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert session.screen is form
    return form


def stored_goal(store: Store) -> dict:
    with store.plan("demo") as plan:
        return plan.goal(2)


async def test_both_versions_show_only_where_they_differ(session, store):
    async with session.run_test(size=SIZE) as pilot:
        form = await open_with_a_change_meanwhile(session, store, pilot)
        shown_fields = {box.id for box in form.query(".conflict-field")}
        # title: both changed; support: changed there only; area: here only; due and
        # dream: the same on both sides.
        assert shown_fields == {"conflict-title", "conflict-support", "conflict-area"}
        title = str(form.query_one("#conflict-title .conflict-mine", Static).render())
        theirs = str(form.query_one("#conflict-title .conflict-theirs", Static).render())
        assert "Tidy the room, one shelf a day" in title and "Tidy the room (Ola)" in theirs
        # Not touched here: what is stored is taken at once (and can still be changed).
        assert form.query_one("#field-support", Input).value == "Ola on Tuesdays"
        assert form.chosen["support"] == "theirs"
        # Ctrl+S before choosing for the title saves nothing and says why.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        assert "Choose first" in str(form.query_one("#error-form", Static).render())
    assert stored_goal(store)["title"] == "Tidy the room (Ola)"


@pytest.mark.parametrize(
    ("how", "title", "area"),
    [
        ("mine", "Tidy the room, one shelf a day", "home"),
        ("theirs", "Tidy the room (Ola)", None),
        ("merge", "Tidy the room, one shelf a day / Tidy the room (Ola)", "home / daily life"),
    ],
)
async def test_each_field_chosen_by_mouse_then_saved_against_the_newer_version(
    session, store, how, title, area
):
    before = stored_goal(store)
    async with session.run_test(size=SIZE) as pilot:
        form = await open_with_a_change_meanwhile(session, store, pilot)
        for name in ("title", "area"):
            button = form.query_one(f"#conflict-{how}-{name}", Button)
            button.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(button)
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    goal = stored_goal(store)
    assert (goal["title"], goal["area"]) == (title, area or before["area"])
    assert goal["support"] == "Ola on Tuesdays"  # their change, untouched here, is kept
    # The CLI's change, then the form's on top of it; all theirs is already so: no write.
    assert goal["revision"] == before["revision"] + (1 if how == "theirs" else 2)


async def test_all_mine_by_keyboard_then_one_field_back(session, store):
    before = stored_goal(store)
    async with session.run_test(size=SIZE) as pilot:
        form = await open_with_a_change_meanwhile(session, store, pilot)
        # The first button has the keys: All mine.
        assert form.focused is form.query_one("#conflict-all-mine", Button)
        await pilot.press("enter")
        await pilot.pause()
        # Mine for who helps: as it was when the form opened.
        assert form.query_one("#field-support", Input).value == before["support"]
        form.query_one("#conflict-theirs-support", Button).focus()
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    goal = stored_goal(store)
    assert (goal["title"], goal["area"], goal["support"]) == (
        "Tidy the room, one shelf a day",
        "home",
        "Ola on Tuesdays",
    )


async def test_merge_puts_both_in_the_field_to_edit(session, store):
    async with session.run_test(size=SIZE) as pilot:
        form = await open_with_a_change_meanwhile(session, store, pilot)
        form.query_one("#conflict-merge-title", Button).press()
        await pilot.pause()
        field = form.query_one("#field-title", Input)
        assert form.focused is field
        field.value = "Tidy the room, one shelf a day (Ola)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose first" in str(form.query_one("#error-form", Static).render())  # area
        form.query_one("#conflict-all-theirs", Button).press()
        await pilot.pause()
        # All stored means every field: the merged title goes back to theirs as well.
        assert field.value == "Tidy the room (Ola)"


@pytest.mark.parametrize("how", ["mine", "theirs"])
async def test_a_dream_reworded_elsewhere_while_its_form_was_open(session, store, how):
    """The client's own words, changed on both sides: neither is lost without a choice."""
    from textual.widgets import TextArea

    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("2", "e")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-text", TextArea).text = "A home of my own, with a couch"
        with store.plan("demo", write=True) as plan:
            plan.edit_dream(1, text="A flat with a balcony")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        assert set(form.chosen) == {"text"} and form.chosen["text"] is None
        button = form.query_one(f"#conflict-{how}-text", Button)
        button.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(button)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        dream = plan.dream(1)
    expected = "A home of my own, with a couch" if how == "mine" else "A flat with a balcony"
    assert dream["text"] == expected


async def test_an_area_changed_elsewhere_while_its_next_step_was_open(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("4", "e")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-text", Input).value = "Pay it myself, no reminder"
        with store.plan("demo", write=True) as plan:
            plan.set_area(1, ready_when="Three months on time")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        # Not touched here: what is stored is taken at once; the next step was only typed
        # here, so it is the one to choose.
        assert form.chosen == {"text": None, "ready_when": "theirs"}
        await pilot.click(form.query_one("#conflict-mine-text", Button))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        area = plan.area(1)
    assert (area["next"], area["ready_when"]) == (
        "Pay it myself, no reminder",
        "Three months on time",
    )
