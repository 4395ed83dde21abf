"""The crisis plan: the client's own signs, what helps, whom to call; every change kept."""

import datetime as dt
from pathlib import Path

import pytest
from core_support import DAY, plan_bytes

from recoverytui.core import history
from recoverytui.core.crisis import empty_crisis, entry, is_due, is_empty
from recoverytui.core.documents import KINDS, part_of
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.templates import load


def test_a_plan_starts_empty_and_is_written_on_its_first_change(store):
    with store.plan("kari") as plan:
        assert plan.crisis() == empty_crisis()
        assert is_empty(plan.crisis())
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("sign", "I stop opening the post", action="Tell Anne")
    with store.plan("kari") as plan:
        crisis = plan.crisis()
    assert crisis["id"] is not None and not is_empty(crisis)
    assert crisis["signs"] == [
        {"number": 1, "text": "I stop opening the post", "action": "Tell Anne",
         "others": None, "voice": "client"}
    ]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_takes_an_entry_in_its_own_words(store, kind):
    words = "  Kari på nr. 3 ☕ \u0065\u0301  "
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis(kind, words, voice="together")
        crisis = plan.crisis()
    part = part_of(kind)
    [item] = crisis[part.field]
    assert item[part.main] == "Kari på nr. 3 ☕ é"  # trimmed, in NFC, otherwise as typed
    assert item["voice"] == "together" and item["number"] == 1


def test_a_part_is_known_by_the_words_a_person_reads_too(store):
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("Person to call", "Sara", phone="123 45 679")
        plan.add_to_crisis("no_contact", "Per")
        crisis = plan.crisis()
    assert [c["name"] for c in crisis["contacts"]] == ["Sara"]
    assert [c["name"] for c in crisis["no_contact"]] == ["Per"]


@pytest.mark.parametrize(
    ("kind", "words", "more", "message"),
    [
        ("sign", "", {}, "can't be empty"),
        ("sign", " \u200b ", {}, "don't show"),
        ("sign", "3", {}, "only a number"),
        ("sign", "x" * 201, {}, "at most 200"),
        ("sign", "two\nlines", {}, "one line"),
        ("contact", "", {}, "name can't be empty"),
        ("contact", "Mum", {"phone": "900\x1b]0;x\x07"}, "control character"),
        ("contact", "Mum", {"phone": "1" * 41}, "at most 40"),
        ("contact", "Mum", {"relation": "mother\x9b"}, "control character"),
        ("sign", "Sleep", {"phone": "900"}, "has no phone"),
        ("helps", "Music", {"who": "Sara"}, "has no who sees to it"),
        ("signal", "Sleep", {}, "not a part of the crisis plan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(store, kind, words, more, message):
    before = plan_bytes(store)
    with pytest.raises(InvalidInput, match=message), store.plan("kari", write=True) as plan:
        plan.add_to_crisis(kind, words, **more)
    assert plan_bytes(store) == before


def test_phone_numbers_are_kept_as_typed(store):
    typed = ["+47 900 11 222", "22 40 00 40 (day)", "113", "900-11-222 ext. 4"]
    with store.plan("kari", write=True) as plan:
        for number, phone in enumerate(typed):
            plan.add_to_crisis("contact", f"Person {number}", phone=phone)
        assert [c["phone"] for c in plan.crisis()["contacts"]] == typed


def test_numbers_are_never_given_again_and_a_removed_entry_stays_in_the_history(store):
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("helps", "Walking by the river")
        plan.add_to_crisis("helps", "Music")
    with store.plan("kari", write=True) as plan:
        plan.remove_from_crisis("helps", 2)
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("helps", "Coffee with Sara")
        crisis = plan.crisis()
    assert [(h["number"], h["text"]) for h in crisis["helps"]] == [
        (1, "Walking by the river"),
        (3, "Coffee with Sara"),
    ]
    entries, broken = history.of_client(store, "kari")
    assert broken is None
    removal = next(e for e in entries if e["entity"] == "crisis" and e["field"] == "helps")
    assert removal["action"] == "changed"
    assert [h["text"] for h in removal["old"]] == ["Walking by the river", "Music"]
    assert [h["text"] for h in removal["new"]] == ["Walking by the river"]


def test_an_edit_changes_only_what_is_given_and_says_whose_words(store):
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("sign", "Sleep badly", action="Bed at eleven", others="Call me")
    with store.plan("kari", write=True) as plan:
        plan.edit_crisis("sign", 1, "I sleep in the day", others="", voice="worker")
        [sign] = plan.crisis()["signs"]
    assert sign == {
        "number": 1, "text": "I sleep in the day", "action": "Bed at eleven", "others": None,
        "voice": "worker",
    }  # fmt: skip
    entries, _ = history.of_client(store, "kari")
    assert (entries[-1]["field"], entries[-1]["voice"]) == ("signs", "worker")


def test_an_unknown_entry_is_named_in_the_error(store):
    with (
        pytest.raises(NotFound, match="no entry '4' under Early warning signs"),
        store.plan("kari", write=True) as plan,
    ):
        plan.edit_crisis("sign", 4, "x")
    with (
        pytest.raises(NotFound, match="no entry '1' under People to call"),
        store.plan("kari", write=True) as plan,
    ):
        plan.remove_from_crisis("contact", "1")


def test_how_i_am_when_well_and_the_self_referral_agreement(store):
    with store.plan("kari", write=True) as plan:
        plan.set_well("I cook and\nsleep at night")
        plan.set_admission(unit="DPS Nord", renew_by="2027-06-01")
        plan.set_admission(phone="123 45 000", text="Three nights")
        crisis = plan.crisis()
    assert crisis["well"] == "I cook and\nsleep at night" and crisis["voice"] == "client"
    assert crisis["admission"] == {
        "unit": "DPS Nord", "phone": "123 45 000", "text": "Three nights",
        "renew_by": "2027-06-01", "voice": "together",
    }  # fmt: skip
    with store.plan("kari", write=True) as plan:
        plan.clear_admission()
        assert plan.crisis()["admission"] is None


def test_a_self_referral_agreement_says_where_to_turn(store):
    with (
        pytest.raises(InvalidInput, match="unit or its phone"),
        store.plan("kari", write=True) as plan,
    ):
        plan.set_admission(text="Three nights")
    with pytest.raises(InvalidInput, match="not a date"), store.plan("kari", write=True) as plan:
        plan.set_admission(unit="DPS", renew_by="soon")


def test_gone_through_together_and_due_again(store, day):
    with store.plan("kari", write=True) as plan:
        plan.crisis_reviewed()
        crisis = plan.crisis()
    assert (crisis["reviewed"], crisis["revise_by"]) == ("2026-11-26", "2027-05-26")
    assert not is_due(crisis, DAY)
    assert is_due(crisis, dt.date(2027, 5, 26))
    with store.plan("kari", write=True) as plan:
        plan.crisis_reviewed("yesterday", revise_by="2027-01-15")
        crisis = plan.crisis()
    assert (crisis["reviewed"], crisis["revise_by"]) == ("2026-11-25", "2027-01-15")
    for on, by, message in [("tomorrow", None, "in the future"), (None, "today", "comes after")]:
        with pytest.raises(InvalidInput, match=message), store.plan("kari", write=True) as plan:
            plan.crisis_reviewed(on, revise_by=by)


def test_a_week_records_the_signs_noticed(store):
    with store.plan("kari", write=True) as plan:
        plan.add_to_crisis("sign", "I stop opening the post")
        plan.add_to_crisis("sign", "I sleep in the day")
        plan.record_review(signs=["2", 1, 2])
        assert plan.review()["signs"] == [1, 2]
        plan.record_review(signs=[])
        assert plan.review()["signs"] == []
    with (
        pytest.raises(NotFound, match="no early warning sign '7'"),
        store.plan("kari", write=True) as plan,
    ):
        plan.record_review(signs=[7])


def test_help_numbers_come_from_a_template_the_service_can_edit(tmp_path: Path):
    built_in = load(tmp_path).help
    assert ("Out-of-hours doctor (legevakt)", "116 117") in built_in
    assert any(number == "113" for _what, number in built_in)
    own = tmp_path / "templates"
    own.mkdir()
    (own / "help.txt").write_text("- Our duty phone: 123 45 111\n", encoding="utf-8")
    assert load(tmp_path).help == [("Our duty phone", "123 45 111")]
    (own / "help.txt").write_text("- Our duty phone\n", encoding="utf-8")
    broken = load(tmp_path)
    assert broken.help == built_in
    assert "line 1" in broken.warnings[0] and "Legevakt: 116 117" in broken.warnings[0]


def test_entry_finds_by_number_as_typed():
    crisis = {**empty_crisis(), "signs": [{"number": 2, "text": "x", "voice": "client"}]}
    assert entry(crisis, "sign", " 2 ")["text"] == "x"
