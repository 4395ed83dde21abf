"""The caseload screen: what is due per client, sorted and found by keys alone or by the
mouse alone, filling the screen's height, read without holding up the screen."""

from __future__ import annotations

import re
import threading

import pytest
from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from recoverytui.core import due
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.caseload import CaseloadScreen
from recoverytui.tui.screens.plan import PlanScreen
from tui_support import caseload_read, screen_text

SIZE = (80, 24)


def handles(app: RecoveryApp) -> list[str]:
    table = app.screen.query_one("#caseload-table", DataTable)
    last = len(table.ordered_columns) - 1  # the handle is the last column
    return [str(table.get_row_at(index)[last]) for index in range(table.row_count)]


def header(app: RecoveryApp) -> str:
    return str(app.screen.query_one("#caseload-header", Static).render())


async def click_heading(pilot, app: RecoveryApp, key: str) -> None:
    table = app.screen.query_one("#caseload-table", DataTable)
    x = 0
    for column in table.ordered_columns:
        if column.key.value == key:
            break
        x += column.get_render_width(table)
    await pilot.click("#caseload-table", offset=(x + 1, 0))
    await pilot.pause()


@pytest.fixture
def many(store: Store) -> Store:
    """The demo store with 30 more clients; one whose crisis plan is due, one due later."""
    for number in range(30):
        store.add_client(f"Client {number:02d}", handle=f"c{number:02d}")
    with store.plan("c17", write=True) as plan:
        plan.crisis_reviewed("2026-05-01", revise_by="2026-11-01")
    with store.plan("c05", write=True) as plan:
        plan.crisis_reviewed("2026-05-01", revise_by="2026-12-01")
    return store


async def test_the_caseload_is_read_in_a_worker_thread(store, monkeypatch):
    read_in: list[str] = []
    real = due.caseload

    def reading(*args, **kwargs):
        read_in.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(due, "caseload", reading)
    app = RecoveryApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert handles(app) == ["demo", "zach"]
    assert read_in and threading.main_thread().name not in read_in


async def test_the_store_comes_from_the_app_not_a_cast(store):
    app = RecoveryApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert isinstance(app.screen, CaseloadScreen) and app.screen.store is store


async def test_the_columns_say_what_is_due_gently(store):
    app = RecoveryApp(store)
    async with app.run_test(size=(140, 24)) as pilot:
        await caseload_read(app, pilot)
        text = screen_text(app)
        for heading in ("Plan by", "Crisis plan by", "Review", "Check-in", "Past date"):
            assert heading in text
        assert "Coordinator" in text
        assert "2027-04-16" in text  # the demo's crisis plan, six months on
        assert not re.search(r"\b(overdue|late|failed)\b", text, re.IGNORECASE)


async def test_the_table_fills_the_screens_height(many):
    app = RecoveryApp(many)
    async with app.run_test(size=(100, 30)) as pilot:
        await caseload_read(app, pilot)
        table = app.screen.query_one("#caseload-table", DataTable)
        # Header, find field, column headings and footer: the rest is rows.
        assert table.region.height >= 30 - 3
        shown_rows = table.region.height - 1 - (table.size.height < table.region.height)
        assert shown_rows > 13
        text = screen_text(app)
        assert "Client 20" in text  # well below the half the table used to stop at


async def test_typing_a_name_narrows_the_list_and_esc_clears_then_quits(many):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert len(handles(app)) == 32
        await pilot.press("slash", *"ROB")  # a name, in any case
        await pilot.pause()
        assert handles(app) == ["demo"]
        await pilot.press("backspace", "backspace", "backspace", *"c1")  # part of a handle
        await pilot.pause()
        assert handles(app) == [f"c1{n}" for n in range(10)]
        await pilot.press("down", "down")  # the arrows move through the list while typing
        assert app.screen.query_one(DataTable).cursor_row == 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#caseload-filter", Input).value == ""
        assert len(handles(app)) == 32 and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


async def test_enter_in_the_find_field_opens_the_client_found(many):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        await pilot.press("f", *"zach", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.client_id == many.find_client("zach")["id"]


async def test_s_sorts_by_what_is_due_first_and_back_by_name(many):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        assert handles(app)[:3] == ["c00", "c01", "c02"]  # by name: "Client 00", …
        assert "sorted by name" in header(app)
        await pilot.press("s")
        await pilot.pause()
        assert handles(app)[:3] == ["c17", "demo", "c05"]  # 2026-11-01, 11-30, 12-01
        assert "sorted by what is due first" in header(app)
        await pilot.press("s")
        await pilot.pause()
        assert handles(app)[:3] == ["c00", "c01", "c02"]


async def test_a_click_on_a_heading_sorts_by_it_and_again_turns_it_round(many):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        await click_heading(pilot, app, "crisis")
        assert handles(app)[:3] == ["c17", "c05", "demo"]  # 2026-11-01, 12-01, 2027-04-16
        assert "sorted by crisis plan by" in header(app)
        await click_heading(pilot, app, "name")
        assert handles(app)[0] == "c00" and handles(app)[-1] == "zach"
        await click_heading(pilot, app, "name")
        assert handles(app)[0] == "zach"


async def test_the_mouse_alone_opens_a_plan(many):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await caseload_read(app, pilot)
        await pilot.click("#caseload-table", offset=(2, 2))  # the second row: c01
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.client_id == many.find_client("c01")["id"]
        back = next(key for key in app.screen.query(FooterKey) if key.key == "escape")
        await pilot.click(back)  # and back to the caseload, by the mouse too
        await caseload_read(app, pilot)
        assert isinstance(app.screen, CaseloadScreen)
        quit_key = next(key for key in app.screen.query(FooterKey) if key.key == "escape")
        await pilot.click(quit_key)
        await pilot.pause()
        assert not app.is_running


async def test_the_list_is_read_again_on_coming_back(store):
    app = RecoveryApp(store)
    async with app.run_test(size=(140, 24)) as pilot:
        await caseload_read(app, pilot)
        with store.plan("zach", write=True) as plan:
            plan.crisis_reviewed("2026-05-01", revise_by="2026-11-02")
        await pilot.press("enter")
        for _ in range(200):  # on a busy machine the plan comes on top a moment later; an
            if isinstance(app.screen, PlanScreen):  # Esc before that would end the app
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await caseload_read(app, pilot)
        assert app.is_running
        for _ in range(200):  # the reading started on coming back may still be on its way
            if "2026-11-02 (due)" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "2026-11-02 (due)" in screen_text(app)


@pytest.mark.parametrize("theme", ["recovery-calm", "recovery-light", "recovery-contrast"])
async def test_every_column_heading_and_key_in_every_theme_at_80x24(many, theme):
    app = RecoveryApp(many)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await caseload_read(app, pilot)
        text = screen_text(app)
        for words in ("Name", "Plan by", "Crisis plan by", "Past date", "Review", "Open plan",
                      "Sort", "Find", "Quit"):  # fmt: skip
            assert words in text, (theme, words)
