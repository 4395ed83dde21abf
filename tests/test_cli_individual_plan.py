"""The individual plan from the command line, by the contract in DESIGN.md: `plan`, `plan
revised`, participants and measures. Every list and write takes --json; bad input is refused
with exit code 2 and nothing written; the client's words come back exactly as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import as_json, ok, refused
from hostile_corpus import MARKUP

pytestmark = pytest.mark.usefixtures("day")  # every test on the frozen calendar (2026-11-26)


@pytest.fixture
def robin(home: Path) -> str:
    ok("client", "add", "Robin", "--handle", "robin", "--coordinator", "Anne")
    ok("add-goal", "Walk to the shop", "-c", "robin")
    return "robin"


def _people(robin: str) -> None:
    ok("add-participant", "Robin", "-c", robin, "--role", "me", "--voice", "client")
    ok("add-participant", "Kari", "-c", robin, "--role", "contact person", "--organisation",
       "Psykisk helse", "--phone", "+47 123 45 678", "--coordinator",
       "--contributes", "Two visits a week")  # fmt: skip


def test_a_participant_is_added_listed_and_changed(robin):
    doc = as_json("add-participant", "Dr. Berg", "-c", robin, "--role", "GP", "--phone",
                  "123 45 100", "--contributes", "Medicines\nevery three months")  # fmt: skip
    assert (doc["number"], doc["name"], doc["role"]) == (1, "Dr. Berg", "GP")
    assert (doc["phone"], doc["coordinator"], doc["voice"]) == ("123 45 100", False, "together")
    assert doc["contributes"] == "Medicines\nevery three months"
    assert ok("add-participant", "Mum", "-c", robin, "--role", "next of kin") == (
        "Added participant 2: Mum (next of kin)\n"
    )
    shown = ok("participants", "-c", robin)
    assert "Dr. Berg" in shown and "123 45 100" in shown and "next of kin" in shown
    assert "contributes: Medicines\n" in shown  # the client's line break is kept
    changed = as_json("edit-participant", "dr. berg", "-c", robin, "--phone", "", "--coordinator")
    assert (changed["phone"], changed["coordinator"]) == (None, True)
    assert "GP, coordinator" in ok("participants", "-c", robin)
    assert [p["number"] for p in as_json("participants", "-c", robin)] == [1, 2]


def test_the_coordinator_is_one_at_a_time_and_the_caseload_list_names_them(robin):
    _people(robin)
    assert as_json("plan", "-c", robin)["coordinator"] == "Kari"
    ok("add-participant", "Per", "-c", robin, "--role", "NAV", "--coordinator")
    assert [p["coordinator"] for p in as_json("participants", "-c", robin)] == [
        False, False, True,
    ]  # fmt: skip
    assert as_json("client", "show", "-c", robin)["client"]["coordinator"] == "Per"


def test_a_measure_is_added_listed_and_moved_on(robin):
    _people(robin)
    doc = as_json("add-measure", "Home visits", "-c", robin, "--responsible", "kari",
                  "--extent", "two visits a week", "--how", "Tuesday and Friday", "--goal", "1",
                  "--from", "2026-11-01")  # fmt: skip
    assert (doc["responsible"], doc["goals"], doc["status"]) == (2, [1], "active")
    assert (doc["from"], doc["until"], doc["extent"]) == ("2026-11-01", None, "two visits a week")
    shown = ok("measures", "-c", robin)
    assert "under way" in shown and "Kari" in shown and "from 2026-11-01" in shown
    assert "serves goals: 1" in shown
    assert (
        ok("measure-status", "1", "ended", "-c", robin) == "Measure 1 is now ended: Home visits\n"
    )
    assert "already ended" in ok("measure-status", "1", "ended", "-c", robin)
    edited = as_json("edit-measure", "1", "-c", robin, "--no-goals", "--until", "2026-11-20")
    assert (edited["goals"], edited["until"]) == ([], "2026-11-20")


def test_the_plan_period_is_shown_set_and_revised(robin):
    _people(robin)
    assert "Plan period: -" in ok("plan", "-c", robin)
    period = as_json("plan", "-c", robin, "--start", "2026-09-01", "--end", "2027-08-31")
    assert (period["plan_start"], period["plan_end"]) == ("2026-09-01", "2027-08-31")
    said = ok("plan", "revised", "-c", robin, "--date", "2026-11-20", "--note", "Went well",
              "--present", "1", "--present", "Kari", "--revise-by", "2027-02-01")  # fmt: skip
    assert said == "Revision recorded for 2026-11-20. Next revision by 2027-02-01.\n"
    shown = ok("plan", "-c", robin)
    assert "Plan period: 2026-09-01 – 2027-08-31" in shown
    assert "Next revision by: 2027-02-01" in shown
    assert "2026-11-20  present: Robin, Kari" in shown and "“Went well”" in shown
    [held] = as_json("plan", "-c", robin)["revisions"]
    assert held == {"date": "2026-11-20", "note": "Went well", "voice": "together",
                    "present": [1, 2], "names": ["Robin", "Kari"]}  # fmt: skip


def test_a_removed_participant_is_said_gently_and_kept_in_the_history(robin):
    _people(robin)
    ok("plan", "revised", "-c", robin, "--present", "2")
    assert "the history keeps them" in ok("remove-participant", "2", "-c", robin)
    assert "present: Kari" in ok("plan", "-c", robin)  # the revision keeps the name
    told = ok("history", "-c", robin)
    assert "removed participant 2 “Kari”" in told
    assert "added participant 1 “Robin”" in told


@pytest.mark.parametrize(
    "args",
    [
        ("add-participant", "", "--role", "GP"),
        ("add-participant", "Bo"),  # no role
        ("add-participant", "Bo", "--role", "GP", "--phone", "1" * 41),
        ("add-participant", "x" * 81, "--role", "GP"),
        ("edit-participant", "9", "--phone", "1"),
        ("edit-participant", "1"),  # nothing to change
        ("remove-participant", "9"),
        ("add-measure", "", "--responsible", "1"),
        ("add-measure", "Visits", "--responsible", "9"),
        ("add-measure", "Visits", "--goal", "7"),
        ("add-measure", "Visits", "--from", "2026-02-30"),
        ("add-measure", "Visits", "--from", "2026-12-10", "--until", "2026-12-01"),
        ("edit-measure", "9", "--extent", "x"),
        ("measure-status", "1", "failed"),
        ("plan", "--start", "2027-01-01", "--end", "2026-01-01"),
        ("plan", "--revise-by", "someday"),
        ("plan", "revised", "--date", "tomorrow"),
        ("plan", "revised", "--present", "99"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(robin, home, args):
    _people(robin)
    ok("add-measure", "Visits", "-c", robin)
    stderr = refused(home, *args, "-c", robin)
    assert "Traceback" not in stderr


def test_an_unknown_client_is_refused(home):
    for args in (("participants",), ("measures",), ("plan",), ("add-measure", "X")):
        assert "no client" in refused(home, *args, "-c", "nobody")


def test_a_participant_responsible_for_a_measure_is_not_taken_out(robin, home):
    _people(robin)
    ok("add-measure", "Visits", "-c", robin, "--responsible", "2")
    told = refused(home, "remove-participant", "Kari", "-c", robin)
    assert "responsible for measure 1" in told


@pytest.mark.parametrize("words", MARKUP.values())
def test_names_and_measures_come_back_exactly_as_typed(robin, words):
    ok("add-participant", words, "-c", robin, "--role", words, "--contributes", words)
    ok("add-measure", words, "-c", robin, "--responsible", "1", "--extent", words)
    assert as_json("participants", "-c", robin)[0]["name"] == words
    assert as_json("measures", "-c", robin)[0]["text"] == words
    assert words in ok("participants", "-c", robin) and words in ok("measures", "-c", robin)


def test_empty_lists_say_how_to_begin(robin):
    assert as_json("participants", "-c", robin) == []
    assert as_json("measures", "-c", robin) == []
    assert "recovery add-participant" in ok("participants", "-c", robin)
    assert "recovery add-measure" in ok("measures", "-c", robin)


def test_the_history_words_each_change_to_the_plan(robin):
    _people(robin)
    ok("plan", "-c", robin, "--start", "2026-09-01")
    ok("plan", "revised", "-c", robin, "--date", "2026-11-20", "--note", "Went well",
       "--revise-by", "2027-02-01")  # fmt: skip
    ok("add-measure", "Visits", "-c", robin, "--responsible", "2")
    ok("measure-status", "1", "ended", "-c", robin)
    told = ok("history", "-c", robin)
    assert "changed the individual plan: plan starts - → 2026-09-01" in told
    assert "added to the individual plan: the revision of 2026-11-20 “Went well”" in told
    assert "changed the individual plan: next revision by - → 2027-02-01" in told
    assert "changed measure 1 “Visits”: status under way → ended" in told


def test_a_revision_recorded_after_the_fact_does_not_move_the_next_one_back(robin, home):
    _people(robin)
    ok("plan", "-c", robin, "--start", "2026-01-01")
    ok("plan", "revised", "-c", robin, "--date", "2026-11-20")
    said = ok("plan", "revised", "-c", robin, "--date", "2026-06-01", "--note", "Held in June")
    assert said == "Revision recorded for 2026-06-01. Next revision by 2027-05-20.\n"
    assert "a revision is held after that" in refused(
        home, "plan", "revised", "-c", robin, "--date", "2025-12-01"
    )


def test_the_caseload_list_names_the_new_coordinator(robin):
    _people(robin)
    ok("edit-participant", "1", "-c", robin, "--coordinator")
    [entry] = as_json("client", "list")
    assert entry["coordinator"] == "Robin"
    assert "Robin" in ok("client", "list")


def test_a_revision_whose_day_has_come_is_said_to_be_due(robin):
    ok("plan", "-c", robin, "--revise-by", "2026-11-01")
    assert "Next revision by: 2026-11-01 (due)" in ok("plan", "-c", robin)
    ok("plan", "-c", robin, "--revise-by", "2027-01-01")
    assert "Next revision by: 2027-01-01\n" in ok("plan", "-c", robin)
