"""Numbers typed into the session's forms read as the command line reads them."""

import pytest

from recoverytui.core.errors import InvalidInput
from recoverytui.tui.screens.forms.checkin_form import read_progress
from recoverytui.tui.screens.review import read_hope


@pytest.mark.parametrize("typed", ["²", "①", "Ⅻ", "½", "9" * 5000], ids=str.__len__)
def test_digits_that_are_no_number_are_refused_plainly(typed: str) -> None:
    with pytest.raises(InvalidInput):
        read_progress(typed)
    with pytest.raises(InvalidInput):
        read_hope(typed)


def test_decimal_digits_of_any_script_are_their_number() -> None:
    assert read_progress("\u0663") == 3
    read_hope("\u0667")
