"""Every screen fits 80×24 in English: no footer key cut, no needed column or button past the
edge. tests/tui_nb/test_fit_nb.py asks the same of bokmål."""

from __future__ import annotations

import pytest

from recoverytui.tui.app import RecoveryApp
from tui_support import SCREENS, what_does_not_fit


@pytest.mark.parametrize("name", SCREENS)
async def test_each_screen_fits_80x24(store, name):
    client, keys = SCREENS[name]
    app = RecoveryApp(store, client=client)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause(0.2)
        assert what_does_not_fit(app) == []
