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
        (ord(ch) < 0x20 and ch not in "\n\t")
        or 0x7F <= ord(ch) <= 0x9F
        or 0x202A <= ord(ch) <= 0x202E
        or 0x2066 <= ord(ch) <= 0x2069
        for ch in cleaned
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


# Text that shows nothing, and text typed two ways ----------------------------------------

INVISIBLE = [
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark
    "\u2060",  # word joiner
    "\u200b\u2060\ufeff\u200c\u200d",
    "\u3000\u200b\u3000",  # ideographic spaces around a zero-width space
    "\xa0\u200b",  # no-break space
    "\u2800",  # braille blank
    "\u3164",  # Hangul filler
    "\u115f\u1160\uffa0",  # the other Hangul fillers
    "\u00ad\u034f\u180e\u2062",  # soft hyphen, grapheme joiner, Mongolian separator, ⁢
    "\ufe0f\U000e0020\U000e007f",  # a variation selector and tag characters alone
]


@pytest.mark.parametrize("value", INVISIBLE)
def test_text_with_nothing_visible_is_refused_as_empty(value):
    for check in (text.clean, text.name):
        with pytest.raises(InvalidInput, match=r"can't be empty; the characters in it don't show"):
            check(value, "title", max_len=200)
    # Where a field may be left out, it is left out, as blank text is.
    assert text.optional(value, "note", max_len=200) is None
    assert not text.visible(value)


@pytest.mark.parametrize(
    "value",
    [
        "👩\u200d👧",  # joined by a zero-width joiner
        "❤\ufe0f",  # a variation selector after a visible character
        "🏳\ufe0f\u200d🌈",
        "\u200bx\u200b",  # one visible character is enough
        "\u0301",  # a lone accent still shows (on a dotted circle)
        "\u0600",  # a prepended mark (Arabic number sign) shows too, unlike other Cf
    ],
)
def test_text_with_something_visible_is_kept(value):
    assert text.clean(value, "title", max_len=200) == value
    assert text.visible(value)


def test_typed_text_is_stored_in_one_canonical_form():
    # A combining accent and the precomposed letter are the same text: stored as NFC.
    assert text.clean("Cafe\u0301", "title", max_len=200) == "Café"
    assert text.clean("  Cafe\u0301 ", "title", max_len=200) == "Café"
    assert text.name("Cafe\u0301", "title", max_len=200) == "Café"
    assert text.optional("Cafe\u0301", "note", max_len=200) == "Café"
    # Never the compatibility forms: a ligature, a circled digit, full-width letters and a
    # superscript stay as the client wrote them.
    assert text.clean("ﬁne ① ｋａｒｉ x²", "title", max_len=200) == "ﬁne ① ｋａｒｉ x²"
    # The length is counted as stored.
    assert text.clean("e\u0301" * 150, "title", max_len=150) == "é" * 150


def test_fold_compares_names_however_they_were_typed():
    assert text.fold("Cafe\u0301") == text.fold("CAFÉ") == text.fold("café")
    assert text.fold("Straße") == text.fold("STRASSE")


@pytest.mark.parametrize("bidi", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069"])  # fmt: skip
def test_safe_output_defuses_bidi_embeddings_overrides_and_isolates(bidi):
    assert text.safe(f"abc {bidi}dcba def") == "abc \ufffddcba def"
    assert text.one_line(f"a{bidi}\nb") == "a\ufffd ⏎ b"


def test_safe_output_keeps_the_direction_marks():
    # LRM, RLM and the Arabic letter mark only nudge the punctuation next to them; mixed
    # right-to-left text needs them, and input accepts them.
    marks = "שלום\u200f! abc\u200e. مرحبا\u061c"
    assert text.safe(marks) == marks
    assert text.clean(marks, "title", max_len=200) == marks


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
