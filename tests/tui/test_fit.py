"""Every screen fits 80×24 in English: no footer key cut, no needed column or button past the
edge. tests/tui_nb/test_fit_nb.py asks the same of bokmål."""

from __future__ import annotations

import pytest

from tui_support import SCREENS, cut_at_80x24


@pytest.mark.parametrize("name", SCREENS)
async def test_each_screen_fits_80x24(store, name):
    assert await cut_at_80x24(store, name) == []


def test_long_text_narrows_before_a_column_gives_way():
    from recoverytui.tui.widgets.pane import Column, fit

    columns = (Column("#"), Column("Goal", least=10), Column("Due", give=1), Column("Steps"))
    rows = [["1", "Walk to the shop on my own twice a week", "2026-12-25", "2/3"]]
    # Wide enough: everything whole.
    assert fit(columns, rows, 80) == [1, 39, 10, 5]
    # Narrower: the goal narrows first, the others stay whole.
    assert fit(columns, rows, 40) == [1, 16, 10, 5]
    # Narrower still: Due gives way, and the goal takes the room it leaves.
    assert fit(columns, rows, 25) == [1, 13, None, 5]
