"""Consent and sharing, within section 8: the client's consents and who has received the plan,
consents added and withdrawn by keys alone and by mouse alone at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, Select, SelectionList, Static

from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.plan import PlanScreen
from recoverytui.tui.widgets.who_helps_view import WhoHelpsPane
from tui_support import FRIDAY, OTHER_NAME, pick, screen_text, what_does_not_fit

SIZE = (80, 24)
HOSTILE = ("[/]", "x [/", "[@click=app.quit]x[/]")


def consents_of(app: RecoveryApp) -> DataTable:
    return app.screen.query_one("#consents-table", DataTable)


def shared_of(app: RecoveryApp) -> DataTable:
    return app.screen.query_one("#shared-table", DataTable)


def detail(app: RecoveryApp) -> str:
    return str(app.screen.query_one("#sharing-detail", Static).render())


def stored(store: Store) -> tuple[list[dict], list[dict]]:
    with store.plan("demo") as plan:
        return plan.consents(FRIDAY), plan.shared()


def notices(app: RecoveryApp) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_c_shows_the_consents_and_who_has_received_the_plan(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c")
        await pilot.pause()
        pane = session.screen.query_one(WhoHelpsPane)
        assert pane.has_class("-sharing")
        assert session.focused is consents_of(session)
        assert (
            not session.screen.query_one("#who-table").display
            or not pane.query_one("#who-plan").display
        )
        row = [str(c) for c in consents_of(session).get_row("consent:1")]
        assert row[:5] == ["1", "Line", "basic needs", "in force", "2027-09-25"]
        assert row[5] == "Money for furniture, and a budget"
        text = screen_text(session)
        assert "Consents to share (1)" in text
        assert "Who has received my plan (1)" in text
        assert detail(session).splitlines()[:6] == [
            "Consent 1 to Line: in force",
            "Parts: basic needs",
            "Purpose: Money for furniture, and a budget",
            "Period: 2026-09-25 – 2027-09-25",
            "Given in writing; registered by Kari (demo worker).",
            "Shared on it: 2026-10-02",
        ]
        logged = [str(c) for c in shared_of(session).get_row("shared:1")]
        assert logged == ["2026-10-02", "Line", "basic needs", "1"]
        assert what_does_not_fit(session) == []
        assert OTHER_NAME not in text
        # The plan's own keys are not offered here: e would change a row out of sight.
        await pilot.press("e", "s")
        assert isinstance(session.screen, PlanScreen)
        await pilot.press("c")  # and back
        await pilot.pause()
        assert not pane.has_class("-sharing")
        assert session.focused is session.screen.query_one("#who-table")


async def test_the_log_names_the_clients_own_copy_as_such(session, store):
    with store.plan("demo", write=True) as plan:
        plan.log_shared(None, consent=None, share=["goals", "crisis"], files=["robin.pdf"])
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "tab", "tab")  # the Withdraw button, then the log
        await pilot.pause()
        assert session.focused is shared_of(session)
        await pilot.press("down")
        await pilot.pause()
        row = [str(c) for c in shared_of(session).get_row("shared:2")]
        assert row == ["2026-11-27", "the client's own copy", "small goals and check-ins, "
                       "the crisis plan", "–"]  # fmt: skip
        words = " ".join(detail(session).split())  # as read, whatever the lines' width
        assert words.startswith(
            "2026-11-27: the client's own copy, with small goals and check-ins, the crisis plan. "
            "Files: robin.pdf"
        )


async def test_a_consent_added_by_keys_alone(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "a")
        assert isinstance(session.screen, FormScreen)
        # Who: the list opens with Enter; from its blank, four down is Dr. Berg.
        await pilot.press("enter", *["down"] * 4, "enter", "tab")
        # Which parts: the first (small goals) and the sixth (the crisis plan) ticked.
        await pilot.press("space", *["down"] * 5, "space", "tab")
        await pilot.press(*"Medicines and a plan for bad days", "tab", *"+3m", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        table = consents_of(session)
        assert table.cursor_row == table.get_row_index("consent:2")  # on the new one
        assert [str(c) for c in table.get_row("consent:2")[1:5]] == [
            "Dr. Berg",
            "small goals and check-ins, the crisis plan",
            "in force",
            "2027-02-27",
        ]
    added = stored(store)[0][-1]
    assert (added["number"], added["to"], added["share"]) == (2, 4, ["goals", "crisis"])
    assert (added["purpose"], added["from"], added["until"]) == (
        "Medicines and a plan for bad days",
        "2026-11-27",
        "2027-02-27",
    )
    assert (added["given"], added["registered_by"], added["voice"]) == (
        "written",
        store.worker_name(),
        "together",
    )


async def test_a_consent_added_by_mouse_alone(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.click("#--content-tab-section-who")
        await pilot.pause()
        await pilot.click("#open-sharing")
        await pilot.pause()
        await pilot.click("#add-consent")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        await pick(pilot, session, "field-to", 3)  # the blank, then 1…3: Jon
        parts = session.screen.query_one("#field-share", SelectionList)
        await pilot.click(parts, offset=(2, 1))  # hopes and dreams
        await pilot.click(parts, offset=(2, 3))  # basic needs
        await pilot.click("#field-purpose")
        await pilot.press(*"So Jon knows what I hope for")
        await pilot.click("#field-until")
        await pilot.press(*"2027-03-01")
        session.screen.query_one("#field-given").scroll_visible(animate=False)
        await pilot.pause()
        await pick(pilot, session, "field-given", 1)  # in writing, orally
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    added = stored(store)[0][-1]
    assert (added["to"], added["name"], added["share"]) == (3, "Jon", ["dreams", "needs"])
    assert (added["until"], added["given"]) == ("2027-03-01", "oral")


async def test_a_form_left_empty_or_refused_by_core_writes_nothing(session, store: Store):
    before = stored(store)
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "a", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        errors = {
            name: str(session.screen.query_one(f"#error-{name}", Static).render())
            for name in ("to", "share", "purpose", "until")
        }
        assert errors["to"] == "Choose one."
        assert errors["share"] == "Tick at least one."
        assert "purpose" in errors["purpose"] and errors["until"]
        # A second consent to Line, who has one in force: only core can see it.
        await pilot.press("enter", *["down"] * 5, "enter", "tab", "space", "tab")
        await pilot.press(*"Budget", "tab", *"+6m", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        said = str(session.screen.query_one("#error-form", Static).render())
        assert said.startswith("Line already has consent 1, until 2027-09-25.")
    assert stored(store) == before


async def test_a_consent_withdrawn_by_pressing_twice_keys_and_mouse(session, store: Store):
    with store.plan("demo", write=True) as plan:
        plan.add_consent(4, share="crisis", purpose_of="Bad days", until="+6m",
                         registered_by="Kari")  # fmt: skip
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "x")
        await pilot.pause()
        assert stored(store)[0][0]["status"] == "active"  # the first x only asks
        assert notices(session)[-1].startswith("Press x (or Withdraw) again to withdraw consent 1")
        await pilot.press("x")
        await pilot.pause()
        first = stored(store)[0][0]
        assert (first["status"], first["withdrawn"]) == ("withdrawn", "2026-11-27")
        assert str(consents_of(session).get_row("consent:1")[3]) == "withdrawn"
        assert not session.screen.query_one("#withdraw-consent").display
        # By mouse: the second consent's row, then Withdraw twice.
        table = consents_of(session)
        await pilot.click(table, offset=(6, 2))
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.click("#withdraw-consent")
        await pilot.pause(0.3)  # a button takes no second press while it shows the first
        assert stored(store)[0][1]["status"] == "active"
        await pilot.click("#withdraw-consent")
        await pilot.pause()
    assert stored(store)[0][1]["status"] == "withdrawn"


async def test_withdrawing_one_no_longer_in_force_is_refused_in_a_notice(session, store):
    with store.plan("demo", write=True) as plan:
        plan.withdraw_consent(1, "2026-11-20")
    before = stored(store)
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "x")
        await pilot.pause()
        assert notices(session)[-1] == "Consent 1 was already withdrawn on 2026-11-20."
        await pilot.press("w")  # nothing is in force: no form to fill in
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        assert "none to withdraw" in notices(session)[-1]
    assert stored(store) == before


async def test_a_consent_withdrawn_on_an_earlier_day(session, store: Store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c", "w")
        assert isinstance(session.screen, FormScreen)
        assert session.screen.query_one("#field-consent", Select).value == "1"  # the cursor's
        await pilot.press("tab", *"2026-11-20", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        assert "Withdrawn on 2026-11-20." in detail(session)
    first = stored(store)[0][0]
    assert (first["status"], first["withdrawn"]) == ("withdrawn", "2026-11-20")


async def test_typed_names_and_purposes_are_shown_never_run(session, store: Store):
    with store.plan("demo", write=True) as plan:
        for title in HOSTILE:
            person = plan.add_participant(title, role="friend")
            plan.add_consent(person["number"], share="goals", purpose_of=title, until="+1m",
                             registered_by="Kari")  # fmt: skip
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("8", "c")
        await pilot.pause()
        rows = [[str(c) for c in consents_of(session).get_row(f"consent:{n}")] for n in (2, 3, 4)]
        assert [(row[1], row[5]) for row in rows] == [(t, t) for t in HOSTILE]
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert "Purpose: [@click=app.quit]x[/]" in detail(session)
        assert "[@click=app.quit]x[/]" in screen_text(session)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(session.screen, FormScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert "8. [@click=app.quit]x[/] (friend)" in screen_text(session)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert session.is_running
