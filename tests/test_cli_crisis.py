"""`recovery crisis`: the crisis plan from the command line, by the contract in DESIGN.md.

Every write takes --json, bad input is refused with exit code 2 and nothing written, every
change is in the history, and the client's words come back exactly as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import CONTROL, as_json, ok, refused, run
from hostile_corpus import MARKUP

pytestmark = pytest.mark.usefixtures("day")  # every test on the frozen calendar (2026-11-26)


@pytest.fixture
def robin(home: Path) -> str:
    ok("client", "add", "Robin", "--handle", "robin")
    return "robin"


def test_an_empty_plan_shows_what_can_be_written_and_the_help_numbers(robin):
    shown = ok("crisis", "-c", robin)
    assert "Not gone through together yet." in shown
    assert "116 117" in shown and "113" in shown
    assert "Nothing written yet for: sign, helps, avoid, met, contact" in shown
    doc = as_json("crisis", "-c", robin)
    assert doc["id"] is None and doc["signs"] == [] and doc["admission"] is None


def test_every_part_is_written_and_shown_in_the_clients_words(robin):
    sign = as_json("crisis", "add", "sign", "I stop opening the post", "-c", robin,
                   "--action", "Tell Kari", "--others", "Open it with me")  # fmt: skip
    assert sign == {
        "kind": "sign", "number": 1, "text": "I stop opening the post", "action": "Tell Kari",
        "others": "Open it with me", "voice": "client",
    }  # fmt: skip
    contact = as_json("crisis", "add", "contact", "Sara", "-c", robin, "--relation",
                      "neighbour", "--phone", "+47 123 45 679")  # fmt: skip
    assert (contact["phone"], contact["relation"]) == ("+47 123 45 679", "neighbour")
    ok("crisis", "add", "no-contact", "My father", "-c", robin, "--why", "Not now")
    ok("crisis", "add", "practical", "Feed the cat", "-c", robin, "--who", "Sara")
    for kind in ("helps", "avoid", "met", "treatment"):
        ok("crisis", "add", kind, f"Words for {kind}", "-c", robin, "--voice", "together")
    ok("crisis", "well", "I cook and I sleep", "-c", robin)
    shown = ok("crisis", "-c", robin)
    for line in [
        "Early warning signs", "  1. I stop opening the post  (client)",
        "     what I do: Tell Kari", "     what others can do: Open it with me",
        "People to call", "  1. Sara (neighbour), +47 123 45 679  (client)",
        "People who must not be contacted", "     why: Not now",
        "     who sees to it: Sara", "  1. Words for treatment  (together)",
        "How I am when I'm well", "I cook and I sleep",
    ]:  # fmt: skip
        assert line in shown, line
    assert "Nothing written yet" not in shown


def test_edit_changes_what_is_given_and_remove_keeps_it_in_the_history(robin):
    ok("crisis", "add", "helps", "Walking", "-c", robin)
    ok("crisis", "add", "helps", "Music", "-c", robin)
    edited = as_json("crisis", "edit", "helps", "1", "Walking by the river", "-c", robin,
                     "--voice", "worker")  # fmt: skip
    assert (edited["text"], edited["voice"]) == ("Walking by the river", "worker")
    assert "already so" in ok("crisis", "edit", "helps", "1", "Walking by the river", "-c", robin)
    removed = as_json("crisis", "remove", "helps", "2", "-c", robin)
    assert removed["removed"] is True and removed["text"] == "Music"
    added = as_json("crisis", "add", "helps", "Coffee", "-c", robin)
    assert added["number"] == 3  # a number is never given again
    told = ok("history", "-c", robin)
    assert "changed the crisis plan: what helps 2 “Music” taken out" in told
    assert "added to the crisis plan: what helps 3 “Coffee”" in told
    assert "what helps 1 “Walking”: words “Walking” → “Walking by the river”" in told
    ok("crisis", "reviewed", "-c", robin)
    latest = ok("history", "-c", robin).splitlines()[0]
    # A date is nobody's words: the well's voice (client) is not claimed for it.
    assert latest.split()[3:5] == ["-", "changed"] and "next time by" in latest


def test_admission_and_reviewed(robin):
    agreement = as_json("crisis", "admission", "-c", robin, "--unit", "DPS Nord",
                        "--phone", "123 45 000", "--renew-by", "2027-06-01")  # fmt: skip
    assert agreement == {"unit": "DPS Nord", "phone": "123 45 000", "text": None,
                         "renew_by": "2027-06-01", "voice": "together"}  # fmt: skip
    assert "DPS Nord, 123 45 000" in ok("crisis", "admission", "-c", robin)
    assert as_json("crisis", "admission", "-c", robin, "--clear") is None
    assert "No self-referral agreement." in ok("crisis", "admission", "-c", robin)
    dates = as_json("crisis", "reviewed", "-c", robin)
    assert dates == {"reviewed": "2026-11-26", "revise_by": "2027-05-26"}
    dates = as_json("crisis", "reviewed", "-c", robin, "--date", "yesterday",
                    "--revise-by", "2027-01-15")  # fmt: skip
    assert dates == {"reviewed": "2026-11-25", "revise_by": "2027-01-15"}


def test_client_list_carries_when_the_crisis_plan_is_due(robin, day):
    ok("client", "add", "Bo")
    ok("crisis", "reviewed", "-c", robin, "--revise-by", "2026-12-01")
    listed = {c["handle"]: c["crisis_revise_by"] for c in as_json("client", "list")}
    assert listed == {"bo": None, "robin": "2026-12-01"}
    assert "2026-12-01 " in ok("client", "list")
    day[0] = day[0].replace(month=12, day=2)
    assert "2026-12-01 (due)" in ok("client", "list")


def test_a_review_records_the_signs_noticed(robin):
    ok("crisis", "add", "sign", "I stop opening the post", "-c", robin)
    ok("crisis", "add", "sign", "I sleep in the day", "-c", robin)
    review = as_json("review", "-c", robin, "--sign", "2", "--sign", "1")
    assert review["signs"] == [1, 2]
    shown = ok("review", "-c", robin)
    assert "  Early warning signs noticed:\n    1. I stop opening the post\n" in shown
    assert "    2. I sleep in the day\n" in shown
    ok("crisis", "remove", "sign", "2", "-c", robin)
    assert "2. (no longer in the crisis plan)" in ok("review", "-c", robin)
    assert as_json("review", "-c", robin, "--sign", "none")["signs"] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["crisis", "add", "sign", ""], "can't be empty"),
        (["crisis", "add", "sign", "x" * 201], "at most 200"),
        (["crisis", "add", "signal", "x"], "not a part of the crisis plan"),
        (["crisis", "add", "sign", "x", "--phone", "1"], "has no phone"),
        (["crisis", "add", "contact", "Mum", "--phone", "1\x1b]0;x\x07"], "control character"),
        (["crisis", "edit", "sign", "1", "x"], "no entry '1' under Early warning signs"),
        (["crisis", "edit", "helps", "1"], "Say what to change"),
        (["crisis", "remove", "contact", "4"], "no entry '4' under People to call"),
        (["crisis", "admission", "--text", "Three nights"], "unit or its phone"),
        (["crisis", "admission", "--unit", "DPS", "--renew-by", "30.02.2027"], "not a date"),
        (["crisis", "admission", "--unit", "DPS", "--clear"], "not both"),
        (["crisis", "reviewed", "--date", "tomorrow"], "in the future"),
        (["crisis", "reviewed", "--revise-by", "yesterday"], "comes after"),
        (["review", "--sign", "3"], "no early warning sign '3'"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(home, robin, args, said):
    assert said in refused(home, *args, "-c", robin)


def test_an_unknown_client_is_refused(home, robin):
    assert "no client" in refused(home, "crisis", "-c", "nobody")
    assert "no client" in refused(home, "crisis", "add", "sign", "x", "-c", "nobody")


def test_a_corrupt_plan_is_left_exactly_as_it_was(home, robin):
    plan = next((home / "clients").glob("*.json"))
    plan.write_bytes(b'{"meta": {"1": {"schema": 3}}, "crisis": {"1": [')
    assert "can't be read" in refused(home, "crisis", "add", "sign", "x", "-c", robin)
    assert plan.read_bytes() == b'{"meta": {"1": {"schema": 3}}, "crisis": {"1": ['


@pytest.mark.parametrize("title", MARKUP.values(), ids=MARKUP.keys())
def test_text_that_looks_like_markup_comes_back_as_typed(robin, title):
    ok("crisis", "add", "sign", title, "-c", robin, "--action", title)
    ok("crisis", "add", "contact", title, "-c", robin, "--phone", title[:40])
    shown = ok("crisis", "-c", robin)
    assert f"1. {title}  (client)" in shown and f"what I do: {title}" in shown
    assert json.loads(ok("crisis", "-c", robin, "--json"))["signs"][0]["text"] == title


def test_output_never_carries_control_characters(robin, home):
    plan = next((home / "clients").glob("*.json"))
    data = json.loads(plan.read_bytes())
    ok("crisis", "add", "sign", "x", "-c", robin)
    data = json.loads(plan.read_bytes())
    [doc] = data["crisis"].values()
    doc["signs"][0]["text"] = "bad \x1b]0;title\x07 news"  # as another tool might write it
    plan.write_text(json.dumps(data), encoding="utf-8")
    result = run("crisis", "-c", robin)
    assert not CONTROL.search(result.stdout)
    assert "bad \ufffd]0;title\ufffd news" in result.stdout


def test_the_history_says_each_crisis_change_in_words(robin):
    ok("crisis", "admission", "-c", robin, "--unit", "DPS Nord", "--phone", "123 45 000")
    ok("crisis", "admission", "-c", robin, "--renew-by", "2027-05-01")
    ok("crisis", "add", "no-contact", "My father", "-c", robin, "--why", "Not now")
    ok("crisis", "edit", "no-contact", "1", "-c", robin, "--why", "Later, maybe")
    ok("crisis", "well", "Calm days", "-c", robin)
    told = ok("history", "-c", robin)
    assert "the self-referral agreement DPS Nord, 123 45 000 → DPS Nord, 123 45 000, renew by " \
        "2027-05-01" in told  # fmt: skip
    assert "person not to contact 1 “My father”: why “Not now” → “Later, maybe”" in told
    assert "how I am when I'm well - → “Calm days”" in told
    assert "{" not in told  # never a document as raw JSON
