"""Rules for text a person typed, and the one sanitizer every output passes through.

Input with terminal control characters is refused; output is cleaned as well, because
old or imported data may still hold them. Typed text is stored in NFC, the canonical form of
the same characters, so a letter typed with a combining accent and the precomposed letter are
one text; finding by name compares both sides the same way, so text stored otherwise by an
older version or another tool is found too.
"""

import re
import unicodedata

from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

TITLE_MAX = 200
NAME_MAX = 80
NOTE_MAX = 2000

# The bidi embeddings, overrides and isolates, which can make a line read as something else
# than it holds. The direction marks (U+200E, U+200F, U+061C) stay: they only place the
# punctuation next to them, and mixed right-to-left text needs them.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Refused on input and made visible on output: C0 controls except tab and newline, DEL, C1
# controls (0x9b is a one-byte CSI), the bidi controls, and lone surrogates (bytes that were
# not valid UTF-8 where they were typed). Zero-width joiners stay: emoji sequences need them.
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_CONTROL_OR_NEWLINE = re.compile(rf"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")

# Characters that show nothing of their own: Unicode's default-ignorable code points (the
# zero-width space and joiners, the byte order mark, the word joiner, soft hyphen, Hangul
# fillers, variation selectors, tags), and the braille blank, which looks like a space.
# Spaces count through str.isspace, other format characters (Cf) by their category.
_BLANK = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Format characters that are drawn: signs set before the number they belong to.
_PREPENDED = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891"
                       "\u08e2\U000110bd\U000110cd")  # fmt: skip


def visible(text: str) -> bool:
    """Whether the text has any character that shows: not only spaces, zero-width and
    other invisible characters. An emoji sequence shows, joiners and all."""
    return any(
        not ch.isspace()
        and not _BLANK.match(ch)
        and (unicodedata.category(ch) != "Cf" or ch in _PREPENDED)
        for ch in text
    )


def fold(text: str) -> str:
    """The form in which two names are compared: the same letters whatever their case and
    however their accents were typed (Unicode's canonical caseless match)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def same(a: str, b: str) -> bool:
    """Whether two texts are the same characters, however their accents were typed."""
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def clean(value: str | None, field: str, *, max_len: int, multiline: bool = False) -> str:
    """Return the text trimmed, in NFC, or raise InvalidInput saying what is wrong with it."""
    text = _checked(value, field, max_len=max_len, multiline=multiline)
    if not text:
        raise InvalidInput(_("The {field} can't be empty.").format(field=field))
    if not visible(text):
        raise InvalidInput(
            _("The {field} can't be empty; the characters in it don't show.").format(field=field)
        )
    return text


def _checked(value: str | None, field: str, *, max_len: int, multiline: bool) -> str:
    """The text trimmed and in NFC, checked for length and characters; perhaps empty.

    NFC changes no character the client chose: it is the same text, drawn the same (an
    accent typed apart is joined to its letter). NFKC would not be: it turns ﬁ into fi,
    ① into 1 and full-width letters into narrow ones."""
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n")).strip()
    if len(text) > max_len:
        raise InvalidInput(
            _("The {field} is {length} characters long; at most {limit} fit.").format(
                field=field, length=len(text), limit=max_len
            )
        )
    pattern = _CONTROL if multiline else _CONTROL_OR_NEWLINE
    bad = pattern.search(text)
    if bad:
        if bad.group() == "\n":
            message = _("The {field} must fit on one line.")
        elif "\ud800" <= bad.group() <= "\udfff":
            message = _("The {field} holds bytes that are not text; please type it again.")
        else:
            message = _("The {field} holds a control character ({code}); please type it again.")
        raise InvalidInput(message.format(field=field, code=f"U+{ord(bad.group()):04X}"))
    return text


# No entry or week has a number this long; int() refuses far longer ones with a ValueError.
_NUMBER_DIGITS = 30


def is_number(value: str) -> bool:
    """Whether a person typed a whole number: decimal digits of any script (٣ is 3). Other
    digits (², ①, Ⅻ, ½) are words: str.isdigit() takes some of them, int() none."""
    return value.strip().isdecimal()


def whole_number(value: str) -> int | None:
    """The whole number a person typed, or None where it isn't one (or is longer than any
    number the plan hands out), so it is read as words or refused plainly."""
    word = value.strip()
    if not word.isdecimal() or len(word) > _NUMBER_DIGITS:
        return None
    return int(word)


def name(value: str | None, field: str, *, max_len: int, multiline: bool = False) -> str:
    """clean() for text that is also used to find an entry, so it can't be a bare number:
    `check-in 3` always means number 3."""
    text = clean(value, field, max_len=max_len, multiline=multiline)
    if is_number(text):
        message = _("The {field} can't be only a number; it would be taken for an entry's number.")
        raise InvalidInput(message.format(field=field))
    return text


def optional(value: str | None, field: str, *, max_len: int, multiline: bool = False) -> str | None:
    """Like clean(), but empty input, or input of characters that don't show, means 'not
    given'."""
    if value is None or not value.strip():
        return None
    text = _checked(value, field, max_len=max_len, multiline=multiline)
    return text if visible(text) else None


def safe(text: object) -> str:
    """Text that is safe to write to a terminal: control characters and the bidi controls
    become U+FFFD, as input refuses them."""
    return _CONTROL.sub("\ufffd", str(text))


def one_line(text: object) -> str:
    """safe() for a table cell: line breaks shown as a visible mark, tabs as a space."""
    return safe(str(text).replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " "))


def width(text: str) -> int:
    """Columns the text takes in a terminal (wide East Asian and emoji take two)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))
