"""Every screen fits 80×24 in English: no footer key cut, no needed column or button past the
edge. tests/tui_nb/test_fit_nb.py asks the same of bokmål."""

from __future__ import annotations

import pytest

from tui_support import SCREENS, cut_at_80x24


@pytest.mark.parametrize("name", SCREENS)
async def test_each_screen_fits_80x24(store, name):
    assert await cut_at_80x24(store, name) == []
