"""The one door for words a person reads, so a bokmål catalogue can be added later."""

import gettext
from pathlib import Path

_LOCALES = Path(__file__).resolve().parent.parent / "locale"
_catalog = gettext.translation("recoverytui", localedir=_LOCALES, fallback=True)


def _(message: str) -> str:
    """Translate a whole sentence; fill it with str.format afterwards, never by joining pieces."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A sentence whose wording depends on a number (1 goal, 2 goals)."""
    return _catalog.ngettext(singular, plural, count)
