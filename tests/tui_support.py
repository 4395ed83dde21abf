"""The fixed world the TUI tests see: the calendar frozen on a Friday, the demo client, and
another client whose name must never show on the shared screen."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from recoverytui.core import dates
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store

if TYPE_CHECKING:
    from recoverytui.tui.app import RecoveryApp

FRIDAY = dt.date(2026, 11, 27)
OTHER_NAME = "Zacharias Otherclient"
TEAM_PASSPHRASE = "blue kettle on the stairs"


def freeze(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    return FRIDAY


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    return freeze(monkeypatch)


@pytest.fixture
def store(tmp_path: Path, frozen: dt.date) -> Store:
    return demo_store(tmp_path / "home")


def demo_store(folder: Path) -> Store:
    store = Store(folder)
    create_demo(store, today=FRIDAY)
    other = store.add_client(OTHER_NAME, handle="zach")
    with store.plan(other["id"], write=True) as plan:
        plan.add_goal(f"{OTHER_NAME}'s own goal")
    return store


def make_team(store: Store, server: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The store encrypted with a cheap key, left open (one store per test process), and the
    first worker of a team whose server is `server`."""
    from recoverytui.core import crypto
    from recoverytui.core.team import manage

    monkeypatch.setattr(crypto, "SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    crypto.create(store.home, TEAM_PASSPHRASE)
    crypto.seal_store(store.home)
    server.mkdir()
    manage.init(store, str(server), "Anne")
    return store


def screen_text(app: RecoveryApp) -> str:
    """What the screen shows, as text (the SVG screenshot, unescaped)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


# What a person opens on the shared screen, by the keys that open it: each must fit 80×24
# in either language (tests/tui/test_fit.py, tests/tui_nb/test_fit_nb.py).
SCREENS = {
    "caseload": (None, []),
    "overview": ("demo", ["1"]),
    "dreams": ("demo", ["2"]),
    "goals": ("demo", ["3"]),
    "ladder": ("demo", ["4"]),
    "needs": ("demo", ["5"]),
    "week": ("demo", ["6"]),
    "goal form": ("demo", ["3", "a"]),
    "check-in form": ("demo", ["3", "down", "c"]),
    "ladder form": ("demo", ["4", "a"]),
    "step back form": ("demo", ["4", "b"]),
    "need form": ("demo", ["5", "r"]),
    "dream form": ("demo", ["2", "a"]),
    "review": ("demo", ["6", "r"]),
    "crisis": ("demo", ["7"]),
    "crisis sign form": ("demo", ["7", "down", "down", "a"]),
    "crisis contact form": ("demo", ["7", *["down"] * 15, "a"]),
    "gone through form": ("demo", ["7", "g"]),
    "who helps": ("demo", ["8"]),
    "participant form": ("demo", ["8", "p"]),
    "measure form": ("demo", ["8", "m"]),
    "measure status form": ("demo", ["8", *["down"] * 7, "s"]),
    "revision form": ("demo", ["8", "r"]),
    "plan period form": ("demo", ["8", "t"]),
    "sharing": ("demo", ["8", "c"]),
    "consent form": ("demo", ["8", "c", "a"]),
    "withdraw form": ("demo", ["8", "c", "w"]),
}
# The caseload has no detail below it: its later columns scroll in sideways (caseload.py).
SCROLLS_SIDEWAYS = {"caseload-table"}


async def cut_at_80x24(store: Store, name: str) -> list[str]:
    """What does not fit on screen `name` of SCREENS, opened as a person would."""
    from recoverytui.tui.app import RecoveryApp

    client, keys = SCREENS[name]
    app = RecoveryApp(store, client=client)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause(0.2)
        return what_does_not_fit(app)


def what_does_not_fit(app: RecoveryApp) -> list[str]:
    """Footer keys cut off or under the palette key, table columns past the edge, text in a
    table cut without …, and buttons past the screen's edge."""
    from textual.widgets import Button, DataTable, Footer
    from textual.widgets._footer import FooterKey

    width = app.size.width
    problems = []
    for footer in app.screen.query(Footer):
        keys = list(footer.query(FooterKey))
        edge = min([k.region.x for k in keys if k.has_class("-command-palette")] or [width])
        problems += [
            f"footer: {key.description}"
            for key in keys
            if not key.has_class("-command-palette") and key.region.right > edge
        ]
    for table in app.screen.query(DataTable):
        if not table.region or table.id in SCROLLS_SIDEWAYS:  # not shown, or meant to scroll
            continue
        # Columns give way to the detail below rather than run past the edge.
        right = table.region.x
        for column in table.ordered_columns:
            right += column.get_render_width(table)
            edge = table.scrollable_content_region.right  # not under the scrollbar
            if right > edge:
                problems.append(f"{table.id}: {column.label}")
        problems += cut_without_ellipsis(table)
    problems += [
        f"button: {button.label}"
        for button in app.screen.query(Button)
        if button.display and button.region.right > width
    ]
    return problems


def cut_without_ellipsis(table: Any) -> list[str]:
    """The headings and cells of `table` too wide for their column that would not end in …
    where they are cut."""
    from rich.cells import cell_len
    from rich.text import Text

    def cut_plainly(content: object, width: int) -> bool:
        if isinstance(content, Text):
            return cell_len(content.plain) > width and content.overflow != "ellipsis"
        return cell_len(str(content)) > width

    problems = []
    for index, column in enumerate(table.ordered_columns):
        width = column.get_render_width(table) - 2 * table.cell_padding
        if cut_plainly(column.label, width):
            problems.append(f"{table.id}: heading {column.label.plain!r} cut without …")
        for row in range(table.row_count):
            content = table.get_row_at(row)[index]
            if cut_plainly(content, width):
                problems.append(f"{table.id}: {str(content)!r} cut without …")
    return problems


async def settled(app: RecoveryApp, pilot: Any) -> None:
    """Wait for the app's workers (a plan read, a printout, unlocking) to finish and what they
    posted to be shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def caseload_read(app: RecoveryApp, pilot: Any) -> None:
    """Wait for the caseload screen to have read what is due (it reads in a worker thread,
    started when it comes on top) and shown it."""
    from recoverytui.tui.screens.caseload import CaseloadScreen

    await pilot.pause()  # a screen coming back on top starts its reading
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The caseload must be on top first: Esc on a plan may not have closed it yet.
        if isinstance(app.screen, CaseloadScreen) and not app.screen.reading:
            return
    raise AssertionError("the caseload was never read")


async def pick(pilot: Any, app: RecoveryApp, field: str, index: int) -> None:
    """Open a Select in the form by a click and click its option `index` (0: the blank)."""
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    await pilot.click(f"#{field}")
    await pilot.pause()
    overlay = app.screen.query_one(f"#{field}", Select).query_one(SelectOverlay)
    await pilot.click(overlay, offset=(3, index))
    await pilot.pause()
