"""The command palette speaks bokmål: Textual's own entries, its search line and its
"no matches", and the theme picker by the names a person reads."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from recoverytui.core import i18n
from recoverytui.tui.app import RecoveryApp
from tui_support import screen_text, settled

pytestmark = pytest.mark.skipif(
    i18n.language() != "nb", reason="run with RECOVERY_TEST_LANG=nb (make test does)"
)

SIZE = (80, 24)
# What Textual itself would have written on this screen.
TEXTUAL_ENGLISH = [
    "Search for commands",
    "Change the current theme",
    "Quit the application",
    "Show help for the focused widget",
    "Maximize the focused widget",
    "No matches found",
    "palette",
]


async def test_the_palette_and_its_entries_are_in_bokmal(store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)  # the footer draws its keys once the screen has focus
        assert "meny" in screen_text(app)  # the footer's palette key
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "øk etter kommandoer" in shown  # the cursor stands on the S
        listed = app.screen.query_one(CommandList)
        shown += "\n".join(
            str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)
        )
        for words in (
            "Fargetema",
            "Bytt fargetema",
            "Taster",
            "Avslutt",
            "del: Når det blir vanskelig",
        ):
            assert words in shown
        await pilot.press(*"zzq")
        await pilot.pause(0.8)
        shown += screen_text(app)
        assert "Ingen treff" in shown
    for english in TEXTUAL_ENGLISH:
        assert english not in shown


async def test_keys_in_the_palette_opens_our_help(store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"taster")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "Taster på denne skjermen" in screen_text(app)


async def test_a_theme_is_chosen_by_its_norwegian_name(store):
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"fargetema")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "øk etter fargetema" in shown  # the cursor stands on the S
        assert "Høy kontrast" in shown and "Rolig (mørk)" in shown
        assert "recovery-" not in shown
        await pilot.press(*"lys", "enter")
        await pilot.pause(0.3)
        assert app.theme == "recovery-light"
