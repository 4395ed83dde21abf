"""Rules for text a person typed, and the one sanitizer every output passes through.

Input with terminal control characters is refused; output is cleaned as well, because
old or imported data may still hold them.
"""

import re
import unicodedata

from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

TITLE_MAX = 200
NAME_MAX = 80
NOTE_MAX = 2000

# C0 controls except tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# On input also the bidi embeddings, overrides and isolates, which can make a line read as
# something else than it holds. Zero-width joiners stay: emoji sequences need them.
# Lone surrogates too: bytes that were not valid UTF-8 where they were typed.
_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_REFUSED_OR_NEWLINE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def clean(value: str | None, field: str, *, max_len: int, multiline: bool = False) -> str:
    """Return the text trimmed, or raise InvalidInput saying what is wrong with it."""
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise InvalidInput(_("The {field} can't be empty.").format(field=field))
    if len(text) > max_len:
        raise InvalidInput(
            _("The {field} is {length} characters long; at most {limit} fit.").format(
                field=field, length=len(text), limit=max_len
            )
        )
    pattern = _REFUSED if multiline else _REFUSED_OR_NEWLINE
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
    """Like clean(), but empty input means 'not given'."""
    if value is None or not value.strip():
        return None
    return clean(value, field, max_len=max_len, multiline=multiline)


def safe(text: object) -> str:
    """Text that is safe to write to a terminal: control characters become U+FFFD."""
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
