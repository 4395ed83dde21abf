"""Consent to share and the sharing log (core/consent.py): what a consent is, when it is in
force, what it lets out of the plan (`limited()`), and that every change is in the history.

Every test runs on the frozen calendar (26 November 2026), moved with day[0] = …; the real
clock never decides whether a consent has run out.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from core_support import DAY, plan_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverytui.core import history
from recoverytui.core.consent import limited, refuse_uncovered
from recoverytui.core.demo import create_demo
from recoverytui.core.documents import SHARE_PARTS
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.store import Store

WORKER = "Anne"
LATER = (DAY + dt.timedelta(days=90)).isoformat()


@pytest.fixture
def people(store: Store) -> Store:
    """Kari's plan with two participants: 1 Dr. Berg (GP) and 2 Line (NAV)."""
    with store.plan("kari", write=True) as plan:
        plan.add_participant("Dr. Berg", role="GP")
        plan.add_participant("Line", role="NAV adviser")
    return store


def consent(store: Store, to: str | int = 1, **given_: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"share": "goals,crisis", "purpose_of": "Follow-up",
                              "until": LATER, "registered_by": WORKER}  # fmt: skip
    kwargs.update(given_)
    with store.plan("kari", write=True) as plan:
        return dict(plan.add_consent(to, **kwargs))


def refused_write(store: Store, error: type[Exception], match: str, act: Any) -> None:
    """`act(plan)` is refused with `match` in its message, and the store is as it was."""
    before = plan_bytes(store)
    with pytest.raises(error, match=match), store.plan("kari", write=True) as plan:
        act(plan)
    assert plan_bytes(store) == before


# Adding -------------------------------------------------------------------------------------


def test_a_consent_is_numbered_and_kept_as_given(people: Store) -> None:
    saved = consent(people, "dr. berg", share=" crisis , GOALS,goals", given_as="oral",
                    voice="client")  # fmt: skip
    assert saved["number"] == 1
    assert (saved["to"], saved["name"]) == (1, "Dr. Berg")
    assert saved["share"] == ["goals", "crisis"]  # the plan's order, each part once
    assert (saved["from"], saved["until"]) == (DAY.isoformat(), LATER)
    assert (saved["given"], saved["registered_by"], saved["voice"]) == ("oral", WORKER, "client")
    assert (saved["status"], saved["withdrawn"]) == ("active", None)
    with people.plan("kari") as plan:
        assert [c["number"] for c in plan.consents()] == [1]
        assert plan.consent(1)["purpose"] == "Follow-up"


def test_a_consent_may_start_later_and_is_in_force_only_from_then(people: Store, day) -> None:
    start = (DAY + dt.timedelta(days=7)).isoformat()
    consent(people, 2, start=start, until="+2m")
    with people.plan("kari") as plan:
        with pytest.raises(NotFound, match=f"Consent 1 to Line starts on {start}, not before"):
            plan.consent_to(2)
        assert plan.consents()[0]["status"] == "active"  # registered, not yet begun
    day[0] = DAY + dt.timedelta(days=7)
    with people.plan("kari") as plan:
        recipient, found = plan.consent_to("line")
    assert (recipient["number"], found["number"]) == (2, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"share": "goals,wishes"}, InvalidInput, "wishes is not a part of the plan"),
        ({"share": ""}, InvalidInput, "Say which parts of the plan, comma-separated: goals, "),
        ({"share": " , "}, InvalidInput, "Say which parts of the plan"),
        ({"to": 9}, NotFound, "There is no participant '9'"),
        ({"to": "Dr. Nobody"}, NotFound, "no participant 'Dr. Nobody'"),
        ({"until": "2026-11-25"}, InvalidInput, "2026-11-25 has passed"),
        ({"until": "yesterday"}, InvalidInput, "has passed"),
        ({"until": ""}, InvalidInput, "needs a day it runs until"),
        ({"until": "someday"}, InvalidInput, "someday"),
        ({"until": "2027-02-30"}, InvalidInput, "not a date in the calendar"),
        ({"start": "2027-03-01", "until": "2027-02-01"}, InvalidInput,
         "ends on or after the day it starts, not 2027-02-01 before 2027-03-01"),
        ({"purpose_of": ""}, InvalidInput, "purpose"),
        ({"purpose_of": "   "}, InvalidInput, "purpose"),
        ({"purpose_of": "\u200b"}, InvalidInput, "purpose"),  # shows nothing
        ({"purpose_of": "x" * 201}, InvalidInput, "purpose"),  # far too long
        ({"purpose_of": "Follow \x1b[2J up"}, InvalidInput, "purpose"),
        ({"given_as": "maybe"}, InvalidInput, "maybe"),
        ({"voice": "nobody"}, InvalidInput, "nobody"),
        ({"registered_by": "y" * 81}, InvalidInput, "name"),
    ],
)  # fmt: skip
def test_a_consent_with_bad_input_is_refused_and_writes_nothing(
    people: Store, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    to = kwargs.pop("to", 1)
    args: dict[str, Any] = {"share": "goals", "purpose_of": "Follow-up", "until": LATER,
                            "registered_by": WORKER, **kwargs}  # fmt: skip
    refused_write(people, error, message, lambda plan: plan.add_consent(to, **args))


def test_until_may_be_today_but_not_before(people: Store) -> None:
    assert consent(people, until="today")["until"] == DAY.isoformat()


def test_a_second_consent_to_someone_is_refused_while_one_runs(people: Store) -> None:
    consent(people, 1)
    refused_write(
        people,
        InvalidInput,
        r"Dr\. Berg already has consent 1, until .*One runs at a time: withdraw it first",
        lambda plan: plan.add_consent(1, share="needs", purpose_of="More", until=LATER,
                                      registered_by=WORKER),
    )  # fmt: skip
    # One not yet begun runs too.
    consent(people, 2, start="+1m", until="+2m")
    refused_write(people, InvalidInput, "Line already has consent 2",
                  lambda plan: plan.add_consent(2, share="needs", purpose_of="Now",
                                                until=LATER, registered_by=WORKER))  # fmt: skip
    # Someone else is not held back by them.
    with people.plan("kari", write=True) as plan:
        plan.add_participant("Mum", role="next of kin")
    assert consent(people, "Mum")["number"] == 3


def test_after_a_withdrawal_or_when_one_ran_out_a_new_consent_may_be_given(
    people: Store, day
) -> None:
    consent(people, 1)
    with people.plan("kari", write=True) as plan:
        plan.withdraw_consent(1)
    assert consent(people, 1, share="needs")["number"] == 2
    consent(people, 2, until="+1w")
    day[0] = DAY + dt.timedelta(days=8)
    assert consent(people, 2, until="+1w")["number"] == 4


# Withdrawing, and running out ---------------------------------------------------------------


def test_a_withdrawn_consent_keeps_its_record_and_is_no_longer_in_force(people: Store) -> None:
    consent(people, 1)
    with people.plan("kari", write=True) as plan:
        saved = plan.withdraw_consent("1")
    assert (saved["status"], saved["withdrawn"]) == ("withdrawn", DAY.isoformat())
    assert saved["purpose"] == "Follow-up" and saved["share"] == ["goals", "crisis"]
    with people.plan("kari") as plan:
        assert [c["status"] for c in plan.consents()] == ["withdrawn"]
        with pytest.raises(NotFound, match=f"withdrew consent 1 to Dr. Berg on {DAY}"):
            plan.consent_to(1)


def test_a_withdrawal_may_be_dated_back_but_not_ahead_or_before_it_began(people: Store) -> None:
    consent(people, 1, start="2026-11-01")
    refused_write(people, InvalidInput, "in the future",
                  lambda plan: plan.withdraw_consent(1, "2026-11-27"))  # fmt: skip
    refused_write(people, InvalidInput, "Consent 1 starts on 2026-11-01",
                  lambda plan: plan.withdraw_consent(1, "2026-10-31"))  # fmt: skip
    with people.plan("kari", write=True) as plan:
        assert plan.withdraw_consent(1, "2026-11-20")["withdrawn"] == "2026-11-20"


def test_withdrawing_twice_is_refused(people: Store) -> None:
    consent(people, 1)
    with people.plan("kari", write=True) as plan:
        plan.withdraw_consent(1)
    refused_write(people, InvalidInput, f"Consent 1 was already withdrawn on {DAY}",
                  lambda plan: plan.withdraw_consent(1))  # fmt: skip


@pytest.mark.parametrize("ref", [9, "0", "abc", "Line", ""])
def test_withdrawing_a_consent_that_is_not_there_is_refused(people: Store, ref: Any) -> None:
    consent(people, 1)
    refused_write(people, NotFound, "no consent", lambda plan: plan.withdraw_consent(ref))


def test_a_consent_is_found_by_its_number_or_by_whom_it_is_to(people: Store) -> None:
    consent(people, 1)
    with people.plan("kari", write=True) as plan:
        assert plan.withdraw_consent("dr. berg")["number"] == 1


def test_a_consent_runs_out_after_its_last_day_as_the_calendar_moves(people: Store, day) -> None:
    until = DAY + dt.timedelta(days=10)
    consent(people, 1, until=until.isoformat())
    day[0] = until  # its last day: still in force
    with people.plan("kari") as plan:
        assert plan.consents()[0]["status"] == "active"
        assert plan.consent_to(1)[1]["number"] == 1
    day[0] = until + dt.timedelta(days=1)
    with people.plan("kari") as plan:
        assert plan.consents()[0]["status"] == "expired"
        assert plan.consent(1)["status"] == "expired"
        with pytest.raises(NotFound, match=f"Consent 1 to Dr. Berg ran out on {until}"):
            plan.consent_to("Dr. Berg")
    # Expired is worked out, never stored: the stored document still says active.
    with people.plan("kari") as plan:
        stored = plan.data()["consents"]
    assert [doc["status"] for doc in stored.values()] == ["active"]
    day[0] = DAY  # and back again, it is in force (nothing about it was written)
    with people.plan("kari") as plan:
        assert plan.consents()[0]["status"] == "active"


def test_an_expired_consent_can_not_be_withdrawn(people: Store, day) -> None:
    consent(people, 1, until="+1w")
    day[0] = DAY + dt.timedelta(days=8)
    refused_write(people, InvalidInput, "Consent 1 ran out on 2026-12-03; there is nothing",
                  lambda plan: plan.withdraw_consent(1))  # fmt: skip


def test_someone_with_no_consent_is_told_what_is_missing(people: Store) -> None:
    with people.plan("kari") as plan, pytest.raises(NotFound) as told:
        plan.consent_to("Line")
    assert "Line has no consent from the client to receive anything" in str(told.value)
    assert "recovery consent add" in str(told.value)


def test_a_part_not_covered_is_named(people: Store) -> None:
    found = consent(people, 1)
    with pytest.raises(InvalidInput) as told:
        refuse_uncovered(["goals", "needs", "plan"], found)
    assert str(told.value) == (
        "Consent 1 to Dr. Berg does not cover needs, plan; it covers only goals, crisis. "
        "Nothing was handed over."
    )
    refuse_uncovered(["crisis"], found)  # covered: no refusal


# Participants -------------------------------------------------------------------------------


def test_a_participant_with_a_running_consent_is_not_removed(people: Store) -> None:
    consent(people, 1)
    refused_write(people, InvalidInput,
                  r"Dr\. Berg has the client's consent 1 .*recovery consent withdraw 1",
                  lambda plan: plan.remove_participant("Dr. Berg"))  # fmt: skip
    consent(people, 2, start="+1m", until="+2m")  # not yet begun, but given
    refused_write(people, InvalidInput, "Line has the client's consent 2",
                  lambda plan: plan.remove_participant(2))  # fmt: skip


def test_a_participant_whose_consent_was_withdrawn_or_ran_out_can_be_removed(
    people: Store, day
) -> None:
    consent(people, 1)
    consent(people, 2, until="+1w")
    with people.plan("kari", write=True) as plan:
        plan.withdraw_consent(1)
        plan.remove_participant(1)
    day[0] = DAY + dt.timedelta(days=8)
    with people.plan("kari", write=True) as plan:
        plan.remove_participant("Line")
        assert plan.participants() == []
        # The consents stay on record, under the names they were given to.
        assert [(c["name"], c["status"]) for c in plan.consents()] == [
            ("Dr. Berg", "withdrawn"), ("Line", "expired"),
        ]  # fmt: skip


# The change history and the sharing log -----------------------------------------------------


def test_every_change_is_in_the_history(people: Store) -> None:
    consent(people, 1)
    with people.plan("kari", write=True) as plan:
        plan.withdraw_consent(1)
        recipient = plan.participant(2)
    consent(people, 2, share="needs")
    with people.plan("kari", write=True) as plan:
        given_ = plan.consent_to(2)[1]
        plan.log_shared(recipient, consent=given_, share=["needs"], files=["a.pdf", "a.json"])
        plan.log_shared(None, consent=None, share=SHARE_PARTS, files=["own.pdf"])
    entries, problem = history.of_client(people, "kari")
    assert problem is None
    ours = [(e["entity"], e["action"], e["field"], e["ref"]) for e in entries
            if e["entity"] in ("consent", "sharing")]  # fmt: skip
    assert ours == [
        ("consent", "added", None, "1 Dr. Berg"),
        ("consent", "changed", "status", "1 Dr. Berg"),
        ("consent", "changed", "withdrawn", "1 Dr. Berg"),
        ("consent", "added", None, "2 Line"),
        ("sharing", "added", None, "1 Line"),
        ("sharing", "added", None, "2 client"),  # the client's own copy, to no participant
    ]  # fmt: skip
    changed = {e["field"]: (e["old"], e["new"]) for e in entries if e["action"] == "changed"}
    assert changed == {"status": ("active", "withdrawn"), "withdrawn": (None, DAY.isoformat())}
    added = next(e for e in entries if e["entity"] == "consent")
    assert added["new"]["purpose"] == "Follow-up" and added["new"]["share"] == ["goals", "crisis"]
    with people.plan("kari") as plan:
        log = plan.shared()
    assert [(e["to"], e["name"], e["consent"], e["files"]) for e in log] == [
        (2, "Line", 2, ["a.pdf", "a.json"]), ("client", None, None, ["own.pdf"]),
    ]  # fmt: skip
    assert log[1]["share"] == list(SHARE_PARTS)


# What leaves the plan: limited() --------------------------------------------------------------

# Each part's tables in Plan.whole(), and what the client record holds only with "plan".
PART_TABLES = {
    "goals": ("goals", "checkins"),
    "dreams": ("dreams",),
    "ladder": ("areas",),
    "needs": ("domains", "needs"),
    "reviews": ("reviews",),
    "crisis": ("crisis",),
    "plan": ("participants", "measures"),
}
PERIOD = ("plan_start", "plan_end", "revise_by", "revisions", "coordinator")
# Of the record of a client, only what names them goes with any part.
NAMING = ("id", "name", "handle")


@pytest.fixture(scope="module")
def demo_whole(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo plan as Plan.whole() gives it, made once on the frozen calendar."""
    from recoverytui.core import dates

    store = Store(tmp_path_factory.mktemp("consent-demo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates, "today", lambda: DAY)
        create_demo(store, today=DAY)
        with store.plan("demo") as plan:
            return plan.whole()


def strings(value: Any) -> set[str]:
    """Every string in a document (keys left out), as json.dumps writes it inside quotes."""
    if isinstance(value, str):
        return {json.dumps(value, ensure_ascii=False)[1:-1]}
    if isinstance(value, dict):
        return set().union(*map(strings, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(strings, value)) if value else set()
    return set()


def excluded_text(whole: dict[str, Any], parts: set[str]) -> set[str]:
    """The words of the parts left out that no part let through holds anywhere: none of these
    may leave. (A word also in a shared part, such as "Kari" or a date, proves nothing.)"""
    shared = {table: whole[table] for part in parts for table in PART_TABLES[part]}
    shared["client"] = {key: whole["client"].get(key) for key in NAMING}
    if "plan" in parts:
        shared["period"] = {key: whole["client"].get(key) for key in PERIOD}
    allowed = json.dumps(shared, ensure_ascii=False) + json.dumps(sorted(parts))
    left_out = [whole[table] for part in set(SHARE_PARTS) - parts for table in PART_TABLES[part]]
    if "plan" not in parts:
        left_out.append({key: whole["client"].get(key) for key in PERIOD})
    # The consents and the sharing log never leave with a handover.
    left_out += [whole["consents"], whole["shared"]]
    # Short words and dates turn up inside others ("met" in "Sometimes"); a word of eight
    # characters or more is the client's or an id.
    return {s for s in strings(left_out) if len(s) >= 8 and s not in allowed}


def test_the_demo_has_distinctive_words_in_every_part(demo_whole: dict[str, Any]) -> None:
    """So the property below has something to find whatever is left out."""
    for part in SHARE_PARTS:
        others = set(SHARE_PARTS) - {part}
        assert len(excluded_text(demo_whole, others)) >= 3, part
    assert demo_whole["consents"] and demo_whole["shared"]


@settings(max_examples=60, deadline=None)
@given(parts=st.sets(st.sampled_from(SHARE_PARTS)))
def test_limited_lets_out_nothing_of_a_part_outside_the_consent(
    demo_whole: dict[str, Any], parts: set[str]
) -> None:
    out = limited(demo_whole, parts)
    dumped = json.dumps(out, ensure_ascii=False)
    leaked = sorted(s for s in excluded_text(demo_whole, parts) if s in dumped)
    assert leaked == [], (sorted(parts), leaked[:5])
    # Table by table: a part left out is empty, a part let through is whole.
    for part, tables in PART_TABLES.items():
        for table in tables:
            if part not in parts:
                assert out[table] in ([], None), (part, table)
    assert "consents" not in out and "shared" not in out
    assert set(out["client"]) == set(NAMING) | (set(PERIOD) if "plan" in parts else set())
    assert out["parts"] == [p for p in SHARE_PARTS if p in parts]
    # What one part says of another goes only with both.
    if "dreams" not in parts:
        assert all(goal["dream"] is None for goal in out["goals"])
    if "goals" not in parts:
        assert all(measure["goals"] == [] for measure in out["measures"])
    if "crisis" not in parts:
        assert all(review["signs"] == [] for review in out["reviews"])


def test_limited_keeps_the_parts_shared_as_they_are(demo_whole: dict[str, Any]) -> None:
    out = limited(demo_whole, SHARE_PARTS)
    for tables in PART_TABLES.values():
        for table in tables:
            assert out[table] == demo_whole[table], table
    assert out["client"]["revisions"] == demo_whole["client"]["revisions"]
    crisis_only = limited(demo_whole, ["crisis", "reviews"])
    assert [r["signs"] for r in crisis_only["reviews"]] == [
        r["signs"] for r in demo_whole["reviews"]
    ]
    assert any(r["signs"] for r in crisis_only["reviews"])  # the demo has signs noticed
