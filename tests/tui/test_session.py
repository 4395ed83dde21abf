"""The shared-screen session, driven through the real app with Pilot."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Input, Static, TabbedContent

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.blank import BlankScreen
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.help import HelpScreen
from recoverytui.tui.screens.plan import PlanScreen
from recoverytui.tui.screens.review import ReviewScreen
from tui_support import caseload_read, screen_text, what_does_not_fit

OTHER_FIRST_NAME = "Zacharias"

SIZE = (100, 32)


async def test_session_opens_on_the_clients_plan_and_moves_between_sections(session):
    async with session.run_test(size=SIZE) as pilot:
        assert isinstance(session.screen, PlanScreen)
        tabs = session.screen.query_one(TabbedContent)
        assert tabs.active == "section-overview"
        for key, section in (
            ("3", "goals"),
            ("4", "ladder"),
            ("5", "needs"),
            ("6", "week"),
            ("2", "dreams"),
            ("1", "overview"),
        ):
            await pilot.press(key)
            assert tabs.active == f"section-{section}"


async def test_a_check_in_recorded_by_keys_is_stored(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "c")
        assert isinstance(session.screen, FormScreen)
        # Today's check-in is shown, to be changed rather than typed again.
        assert session.screen.query_one("#field-progress", Input).value == "3"
        await pilot.press("ctrl+u", "3", "tab", "end", "ctrl+u", *"Went on my own", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        latest = plan.checkins(2)[-1]
    assert (latest["date"], latest["progress"], latest["note"], latest["voice"]) == (
        "2026-11-27",
        3,
        "Went on my own",
        "client",
    )


async def test_a_refused_value_is_shown_by_its_field_and_nothing_typed_is_lost(session, store):
    before = {p.name: p.read_bytes() for p in store.home.rglob("*.json")}
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a")
        form = session.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Walk to the lake", "tab", *"31.02.2026", "ctrl+s")
        await pilot.pause()
        assert session.screen is form
        assert "not a date in the calendar" in str(form.query_one("#error-due", Static).render())
        assert form.query_one("#field-title", Input).value == "Walk to the lake"
        assert form.query_one("#field-due", Input).value == "31.02.2026"
        # Mend the date and the same form saves.
        due = form.query_one("#field-due", Input)
        due.value = "+2w"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    after = {p.name: p.read_bytes() for p in store.home.rglob("*.json")}
    assert after != before
    with store.plan("demo") as plan:
        goal = plan.goals()[-1]
    assert (goal["title"], goal["due"]) == ("Walk to the lake", "2026-12-11")


async def test_voice_is_one_keystroke(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await pilot.press(*"To see the sea", "ctrl+t", "ctrl+s")
        await pilot.pause()
    with store.plan("demo") as plan:
        dream = plan.dreams()[-1]
    assert (dream["text"], dream["voice"]) == ("To see the sea", "worker")


async def test_step_up_and_back_from_the_ladder(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("4", "b")
        await pilot.press(*"A hard week", "ctrl+s")
        await pilot.pause()
        text = screen_text(session)
        assert "stepped back to 2" in text
        assert "fail" not in text.lower()
    with store.plan("demo") as plan:
        area = plan.area(1)
    assert (area["step"], area["history"][-1]["move"], area["history"][-1]["note"]) == (
        2,
        "back",
        "A hard week",
    )


async def test_blank_key_hides_everything_and_brings_it_back(session):
    async with session.run_test(size=SIZE) as pilot:
        assert "Robin" in screen_text(session)
        await pilot.press("ctrl+l")
        assert isinstance(session.screen, BlankScreen)
        assert "Robin" not in screen_text(session)
        await pilot.press("ctrl+l")
        assert isinstance(session.screen, PlanScreen)
        # It works from inside a form too.
        await pilot.press("3", "a", *"half typed")
        await pilot.press("ctrl+l")
        assert isinstance(session.screen, BlankScreen)
        await pilot.press("ctrl+l")
        assert session.screen.query_one("#field-title", Input).value == "half typed"


async def test_help_lists_the_keys_in_plain_words(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "f1")
        assert isinstance(session.screen, HelpScreen)
        text = screen_text(session)
        assert "Check in" in text and "Blank" in text
        await pilot.press("escape")
        assert isinstance(session.screen, PlanScreen)


async def test_leaving_the_session_asks_once_then_ends_the_program(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert session.return_code is None
        said = [str(note.message) for note in session._notifications]
        assert "Esc again ends the session." in said
        await pilot.press("escape")
        await pilot.pause()
        assert session.return_code == 0


async def test_esc_asks_before_throwing_away_what_was_typed(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"Half a goal", "escape")
        form = session.screen
        assert isinstance(form, FormScreen)
        said = str(form.query_one("#error-form", Static).render())
        assert "Discard what you typed? Press Esc again" in said
        await pilot.press("escape")
        assert isinstance(session.screen, PlanScreen)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        assert isinstance(session.screen, PlanScreen)


async def test_the_theme_can_be_chosen_from_the_palette_among_our_three(session, store):
    async with session.run_test(size=SIZE) as pilot:
        assert sorted(session.available_themes) == [
            "recovery-calm", "recovery-contrast", "recovery-light"]  # fmt: skip
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.3)
        assert "Change the current theme" in screen_text(session)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"light", "enter")
        await pilot.pause(0.3)
        assert session.theme == "recovery-light"
    assert RecoveryApp(store, client="demo").theme == "recovery-light"


async def test_a_whole_weekly_review_by_keyboard(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        # Two active goals; today's check-in is already filled in, to be changed.
        assert review.query_one("#progress", Input).value == "3"
        await pilot.press("ctrl+u", "3", "tab", "end", "ctrl+u", *"Twice alone", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        # Four ladder areas: one step up, three stay.
        await pilot.press(*"up", "ctrl+s")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("ctrl+n")
            await pilot.pause()
        # Open needs: mark the first open action done with Enter, then on.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The crisis plan's early signs: the second one was noticed this week.
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The week in the client's words, and hope.
        await pilot.press(*"A good week.")
        review.query_one("#hope", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Small steps for next week.
        await pilot.press(*"Call my brother", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        week = plan.review("2026-W48")
        assert plan.checkins(2)[-1]["note"] == "Twice alone"
        assert plan.area(1)["step"] == 4
    assert week is not None
    assert (week["words"], week["hope"], week["stage"]) == ("A good week.", 7, "done")
    assert [s["text"] for s in week["agreed"]] == ["Call my brother"]
    assert week["signs"] == [2]


async def test_a_review_left_half_way_goes_on_where_it_was(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("ctrl+n")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        await pilot.press("r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        assert review.index == 3  # the very card it was left on: the second ladder area
        assert review.cards[review.index][0] == "ladder"


async def test_looking_back_at_a_finished_review_leaves_it_finished(session, store):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", words="Done already", stage="done")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    with store.plan("demo") as plan:
        assert plan.review("2026-W48")["stage"] == "done"


async def test_a_change_from_the_command_line_shows_up(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        with store.plan("demo", write=True) as plan:
            plan.add_goal("Added from the command line")
        screen = session.screen
        assert isinstance(screen, PlanScreen)
        screen.check_for_changes()
        await pilot.pause()
        table = screen.query_one("#goals-table", DataTable)
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "Added from the command line" in titles


async def test_an_old_copy_never_overwrites_a_newer_change(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "e")
        form = session.screen
        assert isinstance(form, FormScreen)
        # Meanwhile the CLI changes the same goal.
        with store.plan("demo", write=True) as plan:
            plan.edit_goal(2, title="Changed meanwhile")
        form.query_one("#field-title", Input).value = "Changed on screen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        assert "changed elsewhere" in str(form.query_one("#conflict Static", Static).render())
    with store.plan("demo") as plan:
        assert plan.goal(2)["title"] == "Changed meanwhile"


async def test_a_control_character_read_from_the_file_never_reaches_a_form_raw(session, store):
    """Input and TextArea draw their value as it is: a title another tool wrote with an
    escape sequence starts the edit form defused, as every view shows it."""
    path = store.plan_file("demo")
    data = json.loads(path.read_bytes())
    goal = next(g for g in data["goals"].values() if g["number"] == 2)
    goal["title"] = "Red \x1b[31mtitle\x1b]0;pwned\x07"
    path.write_text(json.dumps(data))
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "e")
        form = session.screen
        assert isinstance(form, FormScreen)
        value = form.query_one("#field-title", Input).value
        assert value == "Red \ufffd[31mtitle\ufffd]0;pwned\ufffd"


HOSTILE = ["[/]", "x [/", "[@click=app.quit]x[/]", "blåbær ÆØÅ 😊"]


@pytest.mark.parametrize("title", HOSTILE)
async def test_hostile_text_shows_literally_everywhere(store, title):
    with store.plan("demo", write=True) as plan:
        plan.add_dream(f"{title} dream")
        plan.add_goal(f"{title} goal", steps=[f"{title} step"], support=title)
        plan.check_in(f"{title} goal", 2, note=f"{title} note")
        plan.add_area(f"{title} area", next_step=title)
        plan.add_need(f"{title} need", domain="housing")
        plan.add_participant(f"{title} person", role=title, contributes=f"{title} gives")
        plan.add_measure(f"{title} measure", responsible=f"{title} person", extent=title)
        plan.plan_revised(note=f"{title} revised", present=[f"{title} person"])
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        overview = str(screen.query_one("#overview", Static).render())
        assert f"{title} dream" in overview and f"{title} goal" in overview
        for key, table_id, wanted in (
            ("2", "#dreams-table", f"{title} dream"),
            ("3", "#goals-table", f"{title} goal"),
            ("4", "#ladder-table", f"{title} area"),
            ("5", "#needs-table", f"{title} need"),
        ):
            await pilot.press(key)
            table = screen.query_one(table_id, DataTable)
            cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
            assert wanted in cells
            table.move_cursor(row=table.row_count - 1)
            await pilot.pause()
        goal_detail = str(screen.query_one("#goal-detail", Static).render())
        assert f"{title} step" in goal_detail and f"{title} note" in goal_detail
        assert f"Support: {title}" in goal_detail
        area_detail = str(screen.query_one("#area-detail", Static).render())
        assert f"Next step: {title}" in area_detail
        await pilot.press("8")
        await pilot.pause()
        table = screen.query_one("#who-table", DataTable)
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        for wanted in (f"{title} person", title, f"{title} measure", f"{title} revised"):
            assert wanted in cells
        for key, wanted in (
            ("participant:6", f"Contributes: {title} gives"),
            ("measure:5", f"Extent: {title}"),
            ("revision:2", f"Who was there: {title} person"),
        ):
            table.move_cursor(row=table.get_row_index(key))
            await pilot.pause()
            assert wanted in str(screen.query_one("#who-detail", Static).render())
        # The forms list the participants by name, to be picked: as written, never run.
        table.move_cursor(row=table.get_row_index("measure:5"))
        for form_key, field in (("e", "#field-responsible"), ("r", "#field-present")):
            await pilot.press(form_key)
            await pilot.pause()
            assert f"{title} person" in screen_text(app)
            assert app.screen.query_one(field)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p", *title[:3])
        await pilot.pause(0.2)
        assert app.is_running  # a live [@click=app.quit] would have ended it


async def test_the_session_never_shows_another_clients_name(session):
    async with session.run_test(size=SIZE) as pilot:
        seen = []
        for key in "123456":
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(session))
        await pilot.press("ctrl+p")
        await pilot.pause()
        # Typed queries show in the search box; what must never show is a result naming them.
        for query in ("Z", "Za", "Oth", "cli", "goal"):
            await pilot.press(*query)
            await pilot.pause(0.3)
            seen.append(screen_text(session))
            for _ in query:
                await pilot.press("backspace")
    for text in seen:
        assert OTHER_FIRST_NAME not in text
        assert "Otherclient" not in text


async def test_the_palette_has_no_screenshot_command(session):
    async with session.run_test(size=SIZE) as pilot:
        titles = [command.title for command in session.get_system_commands(session.screen)]
        assert "Screenshot" not in titles
        assert "Theme" in titles
        await pilot.press("ctrl+p", *"screens")
        await pilot.pause(0.3)
        assert "Save an SVG" not in screen_text(session)


async def test_the_caseload_opens_a_plan_and_comes_back(caseload):
    async with caseload.run_test(size=SIZE) as pilot:
        await caseload_read(caseload, pilot)
        text = screen_text(caseload)
        assert "Robin" in text and OTHER_FIRST_NAME in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(caseload.screen, PlanScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "Caseload" in screen_text(caseload)


async def test_the_chosen_theme_is_remembered(store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "recovery-light"
        # Textual tells of the change on its next turn, which a person never beats to quitting.
        await pilot.pause()
    again = RecoveryApp(store, client="demo")
    assert again.theme == "recovery-light"


async def test_a_whole_weekly_review_by_mouse(session, store):
    async with session.run_test(size=(120, 40)) as pilot:
        await pilot.click("#--content-tab-section-week")
        await pilot.pause()
        await pilot.click("#do-week-review")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        await pilot.click("#progress")
        await pilot.press("end", "ctrl+u", "2")
        await pilot.click("#next")
        await pilot.pause()
        while review.cards[review.index][0] != "agreed":
            await pilot.click("#skip")
            await pilot.pause()
        # Last week's first agreed step, ticked done by a click.
        await pilot.click("#agreed-before", offset=(4, 1))
        await pilot.pause()
        await pilot.click("#next")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        assert plan.checkins(2)[-1]["progress"] == 2
        assert plan.review("2026-W48")["stage"] == "done"
        last_week = plan.review("2026-W47")
    assert last_week["agreed"][0]["done"] == "2026-11-27"


async def test_the_plan_redraws_on_resize(session):
    async with session.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        text = screen_text(session)
        assert "Walk to the shop on my own twice a week" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Walk to the shop" in screen_text(session)
        assert what_does_not_fit(session) == []  # the long goal ends in … again


async def test_a_step_can_be_marked_done_on_another_day_and_its_words_changed(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "d")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-date", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("w")
        form = session.screen
        form.query_one("#field-text", Input).value = "3"
        form.query_one("#field-words", Input).value = "Buy bread alone"
        await pilot.press("ctrl+s")
        await pilot.pause()
    with store.plan("demo") as plan:
        steps = plan.goal(2)["steps"]
    assert steps[2]["done"] == "2026-11-26"
    assert steps[2]["text"] == "Buy bread alone"


async def test_a_mistaken_step_for_next_week_can_be_taken_out(session, store):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", agree=["Call my brother", "A typo"], stage="agreed")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        table = review.query_one("#agreed-now", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")  # Enter on this list takes nothing out
        await pilot.press("delete")
        await pilot.pause()
    with store.plan("demo") as plan:
        assert [s["text"] for s in plan.review("2026-W48")["agreed"]] == ["Call my brother"]


async def test_leaving_the_review_keeps_what_was_typed_and_a_refused_value_gets_the_cursor(
    session, store
):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", stage="words")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press(*"Paid the rent myself.", "tab", "1", "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert review.focused is review.query_one("#hope", Input)
        assert "0 to 10" in str(review.query_one("#card-error", Static).render())
        await pilot.press("backspace", "escape")  # hope 1, then leave
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        week = plan.review("2026-W48")
    assert (week["words"], week["hope"]) == ("Paid the rent myself.", 1)


async def test_ctrl_q_and_f1_inside_a_form(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"Typed goal", "f1")
        assert isinstance(session.screen, HelpScreen)
        await pilot.press("escape")
        form = session.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert session.return_code is None
        assert "Ctrl+Q again" in str(form.query_one("#error-form", Static).render())
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert session.return_code == 0


async def test_a_needs_history_reads_in_plain_words(session, store):
    with store.plan("demo", write=True) as plan:
        plan.rate_need("Debt has a plan", worker_says="unmet")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        table = session.screen.query_one("#needs-table", DataTable)
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        table.move_cursor(row=keys.index("8"))
        await pilot.pause()
        detail = str(session.screen.query_one("#need-detail", Static).render())
    assert "worker says: not known → not met yet  (worker)" in detail
    assert "worker_rating" not in detail


async def test_this_week_shows_the_steps_agreed_before_a_review_that_agreed_none(store):
    """Last week's review was opened and left with nothing agreed: the week pane starts from
    the steps agreed the week before, as the review card, the CLI and the sheet do."""
    client = store.add_client("Lee", handle="lee")
    with store.plan(client["id"], write=True) as plan:
        plan.record_review("2026-W46", agree=["Visit the library"], on="2026-11-13")
        plan.open_review("2026-W47", on="2026-11-20")
    app = RecoveryApp(store, client="lee")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        week = str(app.screen.query_one("#week", Static).render())
    assert "Agreed in week 46:" in week
    assert "[ ] Visit the library" in week


async def test_a_form_shows_the_cores_refusal_under_its_field(session, store):
    """The check-in's day is checked as the plan checks it: a day to come is refused under
    the field, with everything typed kept, and nothing is written."""
    before = {p.name: p.read_bytes() for p in store.home.rglob("*.json")}
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "c")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-progress", Input).value = "4"
        form.query_one("#field-date", Input).value = "+3d"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        said = str(form.query_one("#error-date", Static).render())
        assert "is in the future; only days that have come can be recorded" in said
        assert str(form.query_one("#error-form", Static).render()) == ""
        assert form.query_one("#field-progress", Input).value == "4"
    assert {p.name: p.read_bytes() for p in store.home.rglob("*.json")} == before


async def test_a_forms_message_names_the_field_as_the_plan_does(session):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("4", "b")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-next", Input).value = "x" * 201
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(form.query_one("#error-next", Static).render())
    assert "The next step is 201 characters long; at most 200 fit." in said


async def test_a_digit_that_is_no_number_is_refused_not_a_crash(session, store):
    """'²' is a digit to str.isdigit() but no number to int(): refused where it is typed."""
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("4", "a")
        form = session.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-text", Input).value = "Cooking"
        form.query_one("#field-step", Input).value = "²"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is form
        said = str(form.query_one("#error-step", Static).render())
        assert "A step is a whole number from 1 to 5, not ²." in said
        await pilot.press("escape", "escape", "6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        review.query_one("#progress", Input).value = "²"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.screen is review
        assert review.focused is review.query_one("#progress", Input)
        said = str(review.query_one("#card-error", Static).render())
        assert "Progress is a whole number from 0 to 4." in said
    assert session.return_code in (None, 0)


async def test_the_palette_opens_the_session_again_in_the_other_language(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"lang")
        await pilot.pause(0.3)
        assert "språk: norsk bokmål" in screen_text(session)  # "Lang" is highlighted apart
        await pilot.press("enter")
        await pilot.pause()
    assert session.return_value == "nb"  # `recovery session` opens again in it
    assert (store.home / "language").read_text() == "nb\n"


async def test_switching_language_keeps_what_is_typed_in_a_form_first(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"Half a goal")
        session.action_switch_language()
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)  # it asks, as Ctrl+Q does
    assert not (store.home / "language").exists()


async def _click(pilot, selector: str, **where) -> None:
    await pilot.click(selector, **where)
    await pilot.pause()


async def _click_again(pilot, selector: str, **where) -> None:
    """A button pressed a moment ago ignores a click until it is drawn unpressed again."""
    await pilot.pause(0.3)
    await _click(pilot, selector, **where)


async def test_a_whole_weekly_review_by_click_alone_stores_every_field(session, store):
    """Every value, choice and button by a click; only words are typed, as words must be."""
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-week")
        await _click(pilot, "#do-week-review")
        review = session.screen
        assert isinstance(review, ReviewScreen)
        # Goal 2: progress 4 by its button; today's note is kept as it was.
        await _click(pilot, "#pick-progress-4")
        assert review.query_one("#progress", Input).value == "4"
        assert "✓" in str(review.query_one("#pick-progress-4").label)
        await _click(pilot, "#next")
        # Goal 3: 1 by a click, then 2 instead; the note added to in the worker's words.
        await _click(pilot, "#pick-progress-1")
        await _click(pilot, "#pick-progress-2")
        await _click(pilot, "#note", offset=(60, 0))
        await pilot.press(*" Talked an hour.")
        await _click(pilot, "#voice")
        await _click(pilot, "#next")
        # The ladder: area 1 a step up with a few words, area 2 a step back (a click on it
        # twice takes it back; a third chooses it again), areas 3 and 4 stay.
        await _click(pilot, "#pick-move-up")
        await _click(pilot, "#note")
        await pilot.press(*"On my own")
        await _click(pilot, "#next")
        for _ in range(3):
            await _click_again(pilot, "#pick-move-back")
        assert review.query_one("#move", Input).value == "back"
        await _click(pilot, "#next")
        await _click(pilot, "#skip")
        await _click(pilot, "#skip")
        # Open needs: a click on the highlighted row marks its action done, another takes it
        # back, and a third marks it done again.
        assert review.cards[review.index][0] == "needs"
        for _ in range(3):
            await _click(pilot, "#open-needs", offset=(2, 1))
        await _click(pilot, "#next")
        # Early signs: the second one noticed (the first click highlights its row).
        await _click(pilot, "#noticed-signs", offset=(2, 2))
        await _click(pilot, "#noticed-signs", offset=(2, 2))
        await _click(pilot, "#next")
        # The week in the client's words, and hope 7 by a click.
        await _click(pilot, "#words")
        await pilot.press(*"A good week.")
        await _click(pilot, "#pick-hope-7")
        await _click(pilot, "#next")
        # Last week's first step ticked done; a step for next week added by Save, go on.
        await _click(pilot, "#agreed-before", offset=(4, 1))
        await _click(pilot, "#agree")
        await pilot.press(*"Call my brother")
        await _click(pilot, "#next")
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        whole = plan.whole()
    today = "2026-11-27"
    checkins = {c["goal"]: c for c in whole["checkins"] if c["date"] == today}
    assert {n: (c["progress"], c["note"], c["voice"]) for n, c in checkins.items()} == {
        2: (4, "Once on my own, once with my neighbour.", "client"),
        3: (2, "We are going to talk on Sunday. Talked an hour.", "worker"),
    }
    areas = {a["number"]: a for a in whole["areas"]}
    assert [areas[n]["step"] for n in (1, 2, 3, 4)] == [4, 2, 2, 2]
    up, back = areas[1]["history"][-1], areas[2]["history"][-1]
    assert (up["date"], up["move"], up["from"], up["to"], up["note"], up["voice"]) == (
        today, "up", 3, 4, "On my own", "client",
    )  # fmt: skip
    assert (back["date"], back["move"], back["from"], back["to"], back["note"]) == (
        today, "back", 3, 2, None,
    )  # fmt: skip
    # The next steps agreed before are kept as they were.
    assert areas[1]["next"] == "Pay it myself; Kari checks in after"
    needs = {n["number"]: n for n in whole["needs"]}
    assert needs[2]["action_done"] == today
    marks = [(c["from"], c["to"]) for c in needs[2]["history"] if c["field"] == "action_done"]
    assert marks[-3:] == [(None, today), (today, None), (None, today)]
    assert [n["action_done"] for n in (needs[6], needs[11])] == [None, None]
    reviews = {r["week"]: r for r in whole["reviews"]}
    week = reviews["2026-W48"]
    # Every field a review holds is checked here: a new one must be added to this test.
    kept = {"id", "client_id", "created", "updated", "revision", "week", "agreed"}
    assert set(week) - kept == {"held", "words", "hope", "voice", "signs", "stage", "place"}
    assert {
        key: week[key] for key in ("held", "words", "hope", "voice", "signs", "stage", "place")
    } == {
        "held": today,
        "words": "A good week.",
        "hope": 7,
        "voice": "client",
        "signs": [2],
        "stage": "done",
        "place": "agreed",
    }
    assert [(s["number"], s["text"], s["done"]) for s in week["agreed"]] == [
        (1, "Call my brother", None)
    ]
    assert [s["done"] for s in reviews["2026-W47"]["agreed"]] == [today, None]


async def test_a_check_in_by_click_alone(session, store):
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-goals")
        await _click(pilot, "#goals-table", offset=(2, 3))  # goal 3
        await _click(pilot, "#do-goal-check-in")
        form = session.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-progress", Input).value == "2"  # today's, to change
        await _click(pilot, "#pick-progress-4")
        assert form.query_one("#field-progress", Input).value == "4"
        assert "✓" in str(form.query_one("#pick-progress-4").label)
        assert "✓" not in str(form.query_one("#pick-progress-2").label)
        await _click(pilot, "#voice")
        await _click(pilot, "#save")
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        latest = [c for c in plan.checkins(3) if c["date"] == "2026-11-27"][-1]
    assert (latest["progress"], latest["note"], latest["voice"]) == (
        4,
        "We are going to talk on Sunday.",
        "client",  # the note was not said again, so it keeps the voice it was said in
    )


async def test_a_step_up_and_a_step_back_by_click(session, store):
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-ladder")
        await _click(pilot, "#do-area-step-up")  # area 1, under the cursor
        assert isinstance(session.screen, FormScreen)
        await _click(pilot, "#save")
        await _click(pilot, "#ladder-table", offset=(2, 2))  # area 2
        await _click(pilot, "#do-area-step-back")
        assert isinstance(session.screen, FormScreen)
        await _click(pilot, "#save")
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        first, second = plan.area(1), plan.area(2)
    assert (first["step"], first["history"][-1]["move"]) == (4, "up")
    assert (second["step"], second["history"][-1]["move"]) == (2, "back")


async def test_a_need_rated_by_click(session, store):
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-needs")
        await _click(pilot, "#do-need-rate")  # need 2, under the cursor
        form = session.screen
        assert isinstance(form, FormScreen)
        await _click(pilot, "#pick-text-met")
        await _click(pilot, "#pick-worker-partly")
        await _click(pilot, "#save")
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        need = plan.need(2)
    assert (need["client_rating"], need["worker_rating"]) == ("met", "partly")


async def test_what_a_click_changed_a_click_takes_back(session, store):
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-needs")
        await _click(pilot, "#do-need-done")  # need 2's action: done
        with store.plan("demo") as plan:
            assert plan.need(2)["action_done"] == "2026-11-27"
        await _click_again(pilot, "#do-need-done")  # and open again
        with store.plan("demo") as plan:
            assert plan.need(2)["action_done"] is None
        # A value clicked by mistake in a form: a second click leaves the field as it was.
        await _click(pilot, "#--content-tab-section-goals")
        await _click(pilot, "#do-goal-add")
        form = session.screen
        assert isinstance(form, FormScreen)
        await _click(pilot, "#pick-dream-2")
        assert form.query_one("#field-dream", Input).value == "2"
        await _click_again(pilot, "#pick-dream-2")
        assert form.query_one("#field-dream", Input).value == ""


async def test_a_clicked_tab_gives_the_section_its_keys(session):
    async with session.run_test(size=(80, 24)) as pilot:
        await _click(pilot, "#--content-tab-section-ladder")
        assert session.screen.focused is session.screen.query_one("#ladder-table")
        # The section's actions are in the footer, and its keys work at once.
        assert "u" in session.screen.active_bindings
        await pilot.press("u")
        assert isinstance(session.screen, FormScreen)


async def test_a_step_taken_out_by_a_click_is_put_back_by_a_click(session, store):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", agree=["Call my brother", "Shop alone"], stage="agreed")
    async with session.run_test(size=SIZE) as pilot:
        await _click(pilot, "#--content-tab-section-week")
        await _click(pilot, "#do-week-review")
        await _click(pilot, "#agreed-now", offset=(2, 1))
        await _click(pilot, "#take-out")
        with store.plan("demo") as plan:
            assert [s["text"] for s in plan.review("2026-W48")["agreed"]] == ["Shop alone"]
        await _click(pilot, "#put-back")
        assert not session.screen.query("#put-back")
    with store.plan("demo") as plan:
        steps = plan.review("2026-W48")["agreed"]
    assert sorted(s["text"] for s in steps) == ["Call my brother", "Shop alone"]
