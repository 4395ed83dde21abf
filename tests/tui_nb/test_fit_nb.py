"""Every screen fits 80×24 in bokmål: no footer key cut, no needed column or button past the
edge. tests/tui/test_fit.py asks the same of English."""

from __future__ import annotations

import pytest

from recoverytui.core import i18n
from tui_support import SCREENS, cut_at_80x24

pytestmark = pytest.mark.skipif(
    i18n.language() != "nb", reason="run with RECOVERY_TEST_LANG=nb (make test does)"
)


@pytest.mark.parametrize("name", SCREENS)
async def test_each_screen_fits_80x24(store, name):
    assert await cut_at_80x24(store, name) == []
