"""Choosing the language: $RECOVERY_LANG, then the store's choice, then the locale, else
English; bokmål dates from pendulum's `nb`."""

import datetime as dt

import pytest

from recoverytui.core import dates, i18n
from recoverytui.core.errors import InvalidInput
from recoverytui.core.settings import save_language

LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "RECOVERY_LANG")


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("nb", "nb"),
        ("nb_NO.UTF-8", "nb"),
        ("no_NO", "nb"),
        ("nn_NO.UTF-8", "nb"),  # nynorsk reads bokmål until it has a catalogue
        ("NB-no", "nb"),
        ("en_GB.UTF-8", "en"),
        ("en", "en"),
        ("C.UTF-8", None),
        ("sv_SE", None),
        ("", None),
    ],
)
def test_locale_names_are_made_plain(code, language):
    assert i18n.normalise(code) == language


@pytest.fixture
def clean(monkeypatch, tmp_path):
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RECOVERY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_the_first_that_says_decides(clean, monkeypatch):
    assert i18n.choose() == ("en", "default")
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert i18n.choose() == ("nb", "locale")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL goes before LANG
    assert i18n.choose() == ("en", "locale")
    save_language(clean, "nb")
    assert i18n.choose() == ("nb", "store")
    monkeypatch.setenv("RECOVERY_LANG", "en")
    assert i18n.choose() == ("en", "env")
    save_language(clean, None)
    monkeypatch.delenv("RECOVERY_LANG")
    assert i18n.choose() == ("en", "locale")


def test_a_remembered_language_that_is_not_one_is_passed_over(clean, monkeypatch):
    clean.mkdir()
    (clean / i18n.LANGUAGE_FILE).write_text("klingon\n")
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert i18n.choose() == ("nb", "locale")
    with pytest.raises(InvalidInput, match="nb or en"):
        save_language(clean, "sv")
    assert (clean / i18n.LANGUAGE_FILE).read_text() == "klingon\n"


def test_bokmal_speaks_and_dates_read_the_norwegian_way(clean):
    i18n.use("nb")
    assert i18n.language() == "nb"
    assert i18n._("Nothing was changed.") != "Nothing was changed."
    assert dates.week_in_words("2026-W49") == "uke 49, 30. november–6. desember 2026"
    assert dates.week_in_words("2026-W48") == "uke 48, 23.–29. november 2026"
    in_ten = dates.humanize(dt.date(2026, 12, 13), base=dt.date(2026, 12, 3))
    assert in_ten == "om 1 uke"
    i18n.use("en")
    assert dates.week_in_words("2026-W49") == "Week 49, 30 November–6 December 2026"


def test_a_new_client_gets_the_checklists_and_ladder_ideas_in_the_language(clean):
    from recoverytui.core.store import Store

    i18n.use("nb")
    Store(clean).add_client("Bjørn Åsheim")
    i18n.use("en")  # a process speaks one language: the templates are read once per Store
    store = Store(clean)
    store.add_client("Kari")
    titles = {}
    for handle in ("bjorn", "kari"):
        with store.plan(handle) as plan:
            titles[handle] = [domain["title"] for domain in plan.data()["domains"].values()]
    assert titles == {"bjorn": ["Økonomi", "Bolig"], "kari": ["Economy", "Housing"]}
    i18n.use("nb")
    assert "Medisiner" in Store(clean).templates().areas


def test_a_client_is_found_by_the_name_as_typed(clean):
    from recoverytui.core.store import Store

    store = Store(clean)
    store.add_client("Bjørn Åsheim")
    for typed in ("bjorn", "bjørn", "Bjørn", " BJØRN "):
        assert store.find_client(typed)["handle"] == "bjorn"


def test_a_choice_is_taken_as_typed_or_as_read_in_the_language(clean):
    from recoverytui.core import fields
    from recoverytui.core.documents import check_rating, check_voice

    i18n.use("nb")
    assert fields.goal_status("på pause") == "paused"
    assert fields.goal_status("paused") == "paused"  # what scripts type, in any language
    assert fields.dream_status("Tatt vare på") == "held"
    assert check_voice("bruker") == "client"
    assert check_rating("delvis dekket") == "partly"
    assert fields.move("Opp") == "up" and fields.move("tilbake") == "back"
    with pytest.raises(InvalidInput, match=r"paused \(på pause\), let-go \(lagt bort\)\."):
        fields.goal_status("borte")
    i18n.use("en")
    assert fields.goal_status("let go") == "let-go"
    assert check_rating("not met yet") == "unmet"
    with pytest.raises(InvalidInput, match=r"Choose one of: active, reached, paused, let-go\."):
        fields.goal_status("på pause")
