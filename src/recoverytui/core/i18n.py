"""The one door for words a person reads, in English (the source) or Norwegian bokmål.

The language is chosen once per process, at the first sentence: $RECOVERY_LANG, then the
store's remembered choice (`recovery language`), then the locale ($LC_ALL, $LC_MESSAGES,
$LANG), else English. The catalogue is a compiled gettext file shipped in the package
(locale/nb/LC_MESSAGES/recoverytui.mo, made from the .po by `make catalogue`).
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LANGUAGES = ("en", "nb")
# Each language named in its own words, as a person looking for theirs would read it.
NAMES = {"en": "English", "nb": "norsk bokmål"}
# The session's way to the other language, in both: found in the palette by "lang" or "språk".
SWITCH_WORDS = {
    "en": ("Språk / language: English", "Open the session again in English."),
    "nb": ("Language / språk: norsk bokmål", "Åpne økten på nytt på norsk bokmål."),
}
# The remembered choice: a plain file in the store, read before any passphrase is asked (the
# prompt is in the language too). It says nothing about any client.
LANGUAGE_FILE = "language"
_LOCALES = Path(__file__).resolve().parent.parent / "locale"
_catalog: gettext.NullTranslations | None = None
_language: str | None = None


def normalise(code: str | None) -> str | None:
    """'nb', 'nb_NO.UTF-8', 'no_NO', 'nn' → 'nb'; 'en_GB' → 'en'; anything else → None.
    Nynorsk reads bokmål until it has a catalogue of its own."""
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if base in ("nb", "no", "nn"):
        return "nb"
    if base == "en":
        return "en"
    return None


def remembered(home: Path) -> str | None:
    """The store's remembered language, or None (none chosen, or the file is not one of
    ours: the doctor names it)."""
    try:
        with open(home / LANGUAGE_FILE, "rb") as handle:
            text = handle.read(16).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text in LANGUAGES else None


def _home() -> Path | None:
    configured = os.environ.get("RECOVERY_HOME")
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir("recoverytui", appauthor=False))
    except Exception:  # no home folder: the store's own check says so, in the locale's words
        return None


def choose() -> tuple[str, str]:
    """The language for this process, as the module docstring says, and what chose it:
    "env" ($RECOVERY_LANG), "store", "locale" or "default"."""
    chosen = normalise(os.environ.get("RECOVERY_LANG"))
    if chosen:
        return chosen, "env"
    home = _home()
    chosen = remembered(home) if home is not None else None
    if chosen:
        return chosen, "store"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:  # the first one set decides, as for every other program
            return normalise(value) or "en", "locale"
    return "en", "default"


def language() -> str:
    """'en' or 'nb': the language this process speaks (pendulum takes it as it is)."""
    _translations()
    assert _language is not None
    return _language


def use(code: str) -> None:
    """Speak `code` from now on (tests; the TUI after `language` is changed)."""
    global _catalog, _language
    _language = code if code in LANGUAGES else "en"
    if _language == "en":
        _catalog = gettext.NullTranslations()
        return
    path = _LOCALES / _language / "LC_MESSAGES" / "recoverytui.mo"
    try:
        with open(path, "rb") as handle:
            _catalog = gettext.GNUTranslations(handle)
    except OSError:  # a build without the catalogue still works, in English
        _catalog = gettext.NullTranslations()


def _translations() -> gettext.NullTranslations:
    if _catalog is None:
        use(choose()[0])
    assert _catalog is not None
    return _catalog


def _(message: str) -> str:
    """Translate a whole sentence; fill it with str.format afterwards, never by joining pieces."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A sentence whose wording depends on a number (1 goal, 2 goals)."""
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a sentence for the catalogue where it is defined; translate it with _() where it
    is shown (a table of words built when a module is imported)."""
    return message


def in_quotes(text: object) -> str:
    """Words a person said, in the language's quotation marks: “…” in English, «…» in bokmål."""
    return _("“{text}”").format(text=text)
