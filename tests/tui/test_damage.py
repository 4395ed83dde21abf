"""A plan that can't be read, on the shared screen: said once, plainly, never shown as empty."""

from __future__ import annotations

import json

from textual.widgets import Static

from recoverytui.core import history
from recoverytui.core.settings import settings_path
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.caseload import CaseloadScreen
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.notice import NoticeScreen
from recoverytui.tui.screens.plan import PlanScreen
from tui_support import caseload_read, screen_text

SIZE = (100, 32)
CUT_SHORT = b'{"meta": {"1": {"schema": 2, "coun'


def noticed(app: RecoveryApp) -> list[str]:
    """Every toast the app shows from now on, as text."""
    said: list[str] = []
    real = app.notify

    def notify(message, **options):  # type: ignore[no-untyped-def]
        said.append(str(message))
        return real(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return said


async def test_a_session_on_a_damaged_plan_says_so_and_ends_with_code_2(store: Store):
    path = store.plan_file("demo")
    path.write_bytes(CUT_SHORT)
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [str(line) for line in app._exit_renderables]
    assert app.return_code == 2
    assert len(said) == 1 and said[0].startswith("recovery: The plan of demo can't be read")
    assert "Robin" not in said[0]  # the handle, not the name
    assert path.read_bytes() == CUT_SHORT


async def test_a_plan_damaged_during_a_session_is_said_once_until_closed(session, store):
    async with session.run_test(size=SIZE) as pilot:
        screen = session.screen
        assert isinstance(screen, PlanScreen)
        toasts = noticed(session)
        store.plan_file("demo").write_bytes(CUT_SHORT)
        for _poll in range(5):  # the 2-second polls of ten seconds
            screen.check_for_changes()
            await pilot.pause()
        notices = [s for s in session.screen_stack if isinstance(s, NoticeScreen)]
        assert len(notices) == 1 and session.screen is notices[0]
        assert "The plan of demo can't be read: it is not valid JSON" in notices[0].message
        assert toasts == []
        await pilot.press("enter")
        assert session.screen is screen
        for _poll in range(5):
            screen.check_for_changes()
            await pilot.pause()
        assert session.screen is screen and toasts == []
        # The plan as last read stays, and the header says what it is.
        header = str(screen.query_one("#plan-header", Static).render())
        assert "Robin" in header and "can't be read now" in header
        assert "Get a bed of my own" in screen_text(session)


async def test_the_notice_waits_for_an_open_form_to_close(session, store):
    async with session.run_test(size=SIZE) as pilot:
        screen = session.screen
        await pilot.press("3", "a")
        form = session.screen
        assert isinstance(form, FormScreen)
        store.plan_file("demo").write_bytes(CUT_SHORT)
        screen.check_for_changes()
        await pilot.pause()
        assert session.screen is form  # nothing stacked over what is being typed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(session.screen, NoticeScreen)
        await pilot.press("escape")
        assert session.screen is screen


async def test_a_plan_that_reads_again_is_shown_again(session, store):
    async with session.run_test(size=SIZE) as pilot:
        screen = session.screen
        path = store.plan_file("demo")
        good = path.read_bytes()
        path.write_bytes(CUT_SHORT)
        screen.check_for_changes()
        await pilot.pause()
        await pilot.press("enter")
        toasts = noticed(session)
        path.write_bytes(good)
        screen.check_for_changes()
        await pilot.pause()
        assert toasts == ["The plan can be read again."]
        header = str(screen.query_one("#plan-header", Static).render())
        assert "can't be read" not in header
        path.write_bytes(CUT_SHORT)  # damaged a second time: said a second time
        screen.check_for_changes()
        await pilot.pause()
        assert isinstance(session.screen, NoticeScreen)


async def test_the_caseload_never_opens_a_plan_that_cant_be_read(caseload, store):
    store.plan_file("demo").write_bytes(CUT_SHORT)
    async with caseload.run_test(size=SIZE) as pilot:
        await caseload_read(caseload, pilot)
        toasts = noticed(caseload)
        assert "can't be read" in screen_text(caseload)
        await pilot.press("enter")  # the first row: demo
        await pilot.pause()
        assert isinstance(caseload.screen, CaseloadScreen)
        assert len(toasts) == 1 and "The plan of demo can't be read" in toasts[0]


async def test_damaged_settings_never_stop_the_session_or_get_written_over(store):
    settings_path(store.home).write_bytes(b'{"theme": "recovery-li')
    session = RecoveryApp(Store(store.home), client="demo")  # a new process's store
    async with session.run_test(size=SIZE) as pilot:
        toasts = noticed(session)
        session.theme = "recovery-contrast"  # chosen from the palette
        await pilot.pause()
        assert len(toasts) == 1 and "theme is used but not kept" in toasts[0]
        await pilot.press("3", "down", "c", "ctrl+u", "4", "ctrl+s")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
        assert len(toasts) == 2 and "recorded as made by an unknown worker" in toasts[1]
    assert settings_path(store.home).read_bytes() == b'{"theme": "recovery-li'
    assert history.of_client(store, "demo")[0][-1]["who"] == "unknown"
    json.loads(store.plan_file("demo").read_bytes())  # the check-in was written
