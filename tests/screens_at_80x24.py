"""Every screen a person reaches on the shared screen, at 80×24, in one app run: each
section, each form, each card of the weekly review. Compared with the SVGs stored under
tests/screens/<language>/<theme>/ (tests/tui/test_every_screen.py and
tests/tui_nb/test_every_screen_nb.py). One run per theme keeps it to a few app starts.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from recoverytui.core.store import Store
from tui_support import SCREENS, settled

STORED = Path(__file__).parent / "screens"
THEMES = ("recovery-calm", "recovery-light", "recovery-contrast")


async def each_screen(app: Any, pilot: Any) -> AsyncIterator[str]:
    """Open each screen of SCREENS in turn, then each card of the review; yield its name
    while it shows. Between them the plan screen is put back as it was."""
    from textual.widgets import DataTable

    from recoverytui.tui.widgets.who_helps_view import WhoHelpsPane

    await settled(app, pilot)
    plan = app.screen
    for name, (client, keys) in SCREENS.items():
        if client is None or name == "review":
            continue
        await pilot.press(*keys)
        await settled(app, pilot)
        yield name
        while app.screen is not plan:
            app.pop_screen()
            await pilot.pause()
        plan.query_one(WhoHelpsPane).remove_class("-sharing")
        for table in plan.query(DataTable):
            if table.row_count:
                table.move_cursor(row=0, animate=False)
    await pilot.press("6", "r")
    await settled(app, pilot)
    review = app.screen
    for number, (kind, _doc) in enumerate(review.cards, 1):
        yield f"review {number:02} {kind}"
        await pilot.press("ctrl+n")
        await settled(app, pilot)
        if app.screen is not review:
            break


def _file_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".svg"


def _text(svg: str) -> list[str]:
    """The words of an SVG screenshot, line by line, for a readable difference."""
    rows: dict[str, str] = {}
    for y, words in re.findall(r'<text [^>]*y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows[y] = rows.get(y, "") + html.unescape(words).replace("\xa0", " ")
    return [rows[y] for y in sorted(rows, key=float)]


def _difference(name: str, stored: str, now: str) -> str:
    old, new = _text(stored), _text(now)
    for line, (was, is_now) in enumerate(zip(old, new, strict=False), 1):
        if was != is_now:
            return f"{name}: line {line} was {was!r}, is now {is_now!r}"
    return f"{name}: the same words, drawn differently (colours or layout)"


async def compare_every_screen(
    store: Store, theme: str, language: str, update: bool, out: Path
) -> list[str]:
    """The screens that differ from their stored SVGs (written to `out` to look at), or,
    with `update`, store them all."""
    from recoverytui.tui.app import RecoveryApp

    folder = STORED / language / theme.removeprefix("recovery-")
    folder.mkdir(parents=True, exist_ok=True)
    differs, seen = [], set()
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        async for name in each_screen(app, pilot):
            svg = app.export_screenshot()
            path = folder / _file_name(name)
            seen.add(path.name)
            if update:
                path.write_text(svg, encoding="utf-8")
            elif not path.exists():
                differs.append(f"{name}: nothing stored yet ({path})")
            elif (stored := path.read_text(encoding="utf-8")) != svg:
                (out / path.name).write_text(svg, encoding="utf-8")
                differs.append(_difference(name, stored, svg))
    for stale in sorted(p.name for p in folder.glob("*.svg") if p.name not in seen):
        if update:
            (folder / stale).unlink()
        else:
            differs.append(f"{stale}: stored, but no screen of that name now")
    return differs


def update_asked(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--snapshot-update", default=False))
