"""Every section, form and review card at 80×24 in each theme, in bokmål, against the SVGs
stored in tests/screens/nb/ (update on purpose with --snapshot-update, and look at them).
tests/tui/test_every_screen.py asks the same in English."""

from __future__ import annotations

import pytest

from recoverytui.core import i18n
from screens_at_80x24 import THEMES, compare_every_screen, update_asked

pytestmark = pytest.mark.skipif(
    i18n.language() != "nb", reason="run with RECOVERY_TEST_LANG=nb (make test does)"
)


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_at_80x24(store, theme, request, tmp_path):
    differs = await compare_every_screen(store, theme, "nb", update_asked(request), tmp_path)
    assert not differs, f"at 80×24 in {theme} (new screenshots in {tmp_path}):\n" + "\n".join(
        differs
    )
