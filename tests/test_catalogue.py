"""No untranslated sentence ships: the bokmål catalogue holds every sentence of the code, each
translated and checked (not fuzzy), with the same {placeholders} as the English, and the
compiled .mo is the .po as it is. `make catalogue` brings them up to date."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recoverytui"
PO = PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "recoverytui.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def in_the_code() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message)  # a tuple for ngettext: (singular, plural)
    return found


@pytest.fixture(scope="module")
def catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="nb")


def test_every_sentence_of_the_code_is_in_the_catalogue(catalogue) -> None:
    held = {message.id for message in catalogue if message.id}
    missing = sorted(map(str, in_the_code() - held))
    assert not missing, f"not in the catalogue (run `make catalogue`): {missing[:10]}"
    gone = sorted(map(str, held - in_the_code()))
    assert not gone, f"in the catalogue but no longer in the code (`make catalogue`): {gone[:10]}"


def test_every_sentence_is_translated_and_checked(catalogue) -> None:
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form.strip() for form in forms):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"no bokmål yet: {untranslated[:10]}"
    assert not fuzzy, f"marked fuzzy, to be checked: {fuzzy[:10]}"


def test_placeholders_are_the_same_in_both_languages(catalogue) -> None:
    differ = []
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        bokmal = message.string if isinstance(message.string, tuple) else (message.string,)
        for source, translated in zip(english, bokmal, strict=False):
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translated)):
                differ.append((source, translated))
    assert not differ, differ[:5]


def test_the_compiled_catalogue_is_the_po_as_it_is(catalogue) -> None:
    made = io.BytesIO()
    write_mo(made, catalogue)
    assert MO.read_bytes() == made.getvalue(), "the .mo is behind the .po: run `make catalogue`"
