"""Every section, form and review card at 80×24 in each theme, in English, against the SVGs
stored in tests/screens/en/ (update on purpose with --snapshot-update, and look at them).
tests/tui_nb/test_every_screen_nb.py asks the same in bokmål."""

from __future__ import annotations

import pytest

from screens_at_80x24 import THEMES, compare_every_screen, update_asked


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_at_80x24(store, theme, request, tmp_path):
    differs = await compare_every_screen(store, theme, "en", update_asked(request), tmp_path)
    assert not differs, f"at 80×24 in {theme} (new screenshots in {tmp_path}):\n" + "\n".join(
        differs
    )
