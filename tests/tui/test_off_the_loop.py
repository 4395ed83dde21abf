"""File work in the session runs in worker threads, never on the event loop that draws the
screen and takes the keys: reading the plan and printing (unlocking: test_unlock.py)."""

from __future__ import annotations

import threading

from recoverytui.core.store import Store
from recoverytui.tui.plan_access import PlanAccess
from recoverytui.tui.screens.plan import PlanScreen
from tui_support import screen_text, settled


def _record_threads(monkeypatch, owner, name: str) -> list[bool]:
    """Whether each call of owner.name ran on the main thread (the event loop's)."""
    on_main: list[bool] = []
    original = getattr(owner, name)

    def recorded(*args, **kwargs):
        on_main.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return on_main


async def test_the_plan_is_read_in_a_worker_thread(session, store: Store, monkeypatch) -> None:
    on_main = _record_threads(monkeypatch, PlanAccess, "read")
    async with session.run_test(size=(80, 24)) as pilot:
        assert "Robin" in screen_text(session)  # the first read came before the first look
        with store.plan(session.locked_client, write=True) as plan:  # the CLI, say
            plan.add_goal("Written elsewhere")
        screen = session.screen
        assert isinstance(screen, PlanScreen)
        screen.check_for_changes()
        await settled(session, pilot)
        await pilot.press("3")
        assert "Written elsewhere" in screen_text(session)
    assert on_main and not any(on_main), on_main


async def test_a_printout_is_made_in_a_worker_thread(session, monkeypatch) -> None:
    import recoverytui.report as report

    on_main = _record_threads(monkeypatch, report, "render")
    async with session.run_test(size=(80, 24)) as pilot:
        await pilot.press("6", "p")
        await settled(session, pilot)
    assert on_main == [False]


async def test_a_read_that_a_change_overtook_is_not_shown(session) -> None:
    async with session.run_test(size=(80, 24)) as pilot:
        screen = session.screen
        assert isinstance(screen, PlanScreen)
        stale = screen.access.read()  # begun before the change below
        screen.access.change(lambda plan: plan.add_goal("Saved just now"))
        screen.post_message(PlanScreen.Read(stale))
        await settled(session, pilot)
        await pilot.press("3")
        assert "Saved just now" in screen_text(session)
        assert any(g["title"] == "Saved just now" for g in screen.access.whole["goals"])
