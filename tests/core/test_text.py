import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverytui.core import text
from recoverytui.core.errors import InvalidInput


@pytest.mark.parametrize(
    "value",
    ["[/]", "x [/", "[@click=app.quit]x[/]", "blåbær ÆØÅ 😊", 'say "hi" \\ back'],
)
def test_hostile_and_unicode_titles_pass_verbatim(value):
    assert text.clean(value, "title", max_len=200) == value


def test_trims_but_keeps_inner_spaces():
    assert text.clean("  two  words \n", "title", max_len=200) == "two  words"


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t "])
def test_empty_is_refused(value):
    with pytest.raises(InvalidInput, match="can't be empty"):
        text.clean(value, "title", max_len=200)


def test_too_long_is_refused_with_both_numbers():
    with pytest.raises(InvalidInput, match="201 characters long; at most 200"):
        text.clean("a" * 201, "title", max_len=200)


@pytest.mark.parametrize(
    "value",
    [
        "evil \x1b]0;pwned\x07",
        "clip \x1b]52;c;aGk=\x07",
        "csi \x9b31m",
        "nul\x00",
        "del\x7f",
        "cr\rx",
    ],
)
def test_control_characters_are_refused(value):
    with pytest.raises(InvalidInput, match="control character"):
        text.clean(value, "note", max_len=2000, multiline=True)


def test_newline_allowed_only_where_multiline():
    assert text.clean("one\ntwo\tthree", "note", max_len=50, multiline=True) == "one\ntwo\tthree"
    assert text.clean("one\r\ntwo", "note", max_len=50, multiline=True) == "one\ntwo"
    with pytest.raises(InvalidInput, match="one line"):
        text.clean("one\ntwo", "title", max_len=50)


def test_optional_treats_blank_as_absent():
    assert text.optional("   ", "note", max_len=10) is None
    assert text.optional(None, "note", max_len=10) is None
    assert text.optional(" x ", "note", max_len=10) == "x"


@given(st.text())
def test_safe_output_never_holds_a_control_character(value):
    cleaned = text.safe(value)
    assert not any(
        (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in cleaned
    )
    assert len(cleaned) == len(value)


def test_one_line_marks_line_breaks():
    assert text.one_line("a\nb\x1b") == "a ⏎ b\ufffd"


def test_width_counts_wide_characters():
    assert text.width("abc") == 3
    assert text.width("😊") == 2
    assert text.pad("😊", 4) == "😊  "


def test_bytes_that_were_not_text_are_refused_and_never_printed():
    broken = b"Bad\xffName".decode("utf-8", "surrogateescape")
    with pytest.raises(InvalidInput, match="not text"):
        text.clean(broken, "name", max_len=80)
    assert text.safe(broken) == "Bad\ufffdName"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3", 3),
        (" 12 ", 12),
        ("\u0663", 3),
        ("\u0967\u0968", 12),
        ("0", 0),
        ("9" * 30, int("9" * 30)),
    ],
)
def test_decimal_digits_of_any_script_are_a_number(typed, number):
    assert text.is_number(typed)
    assert text.whole_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["", " ", "²", "①", "Ⅻ", "½", "߀²", "1²", "-1", "+1", "1.0", "1_000", "9" * 31]
)
def test_anything_else_is_no_number(typed):
    assert text.whole_number(typed) is None


@given(st.text(alphabet=st.characters(categories=["Nd", "No", "Nl", "Zs"]), max_size=40))
def test_whole_number_never_raises(typed):
    number = text.whole_number(typed)
    assert number is None or number >= 0
