"""What is due per client (core/due.py): the pure summary of a plan, what it means on a day,
and the summaries the index keeps so that the caseload does not open every plan."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from recoverytui.core import due
from recoverytui.core.store import Store


def _plan_data(**tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    client = {"id": "c1", "name": "Kari", "coordinator": "Wenche", "revise_by": "2027-01-15"}
    return {"client": {"1": client}, **tables}


def _need(number: int, action: str | None, due_on: str | None, done: str | None = None) -> Any:
    return {
        "number": number,
        "action": action,
        "action_done": done,
        "due": due_on,
        "client_rating": "met",
        "worker_rating": "met",
    }


DATA = _plan_data(
    crisis={"1": {"revise_by": "2026-11-01"}},
    reviews={
        "1": {"week": "2026-W45", "stage": "done"},
        "2": {"week": "2026-W46", "stage": "done"},
        "3": {"week": "2026-W48", "stage": "words"},  # opened, not gone through to the end
    },
    checkins={"1": {"date": "2026-10-20"}, "2": {"date": "2026-11-05"}},
    needs={
        "1": _need(1, "Call NAV", "2026-11-20"),  # open, its date has passed
        "2": _need(2, "Ring the landlord", "2026-12-10"),  # open, its date to come
        "3": _need(3, "Buy a bed", "2026-10-01", done="2026-10-02"),  # done: not counted
        "4": _need(4, "Find a couch", None),  # no date: never past it
        "5": _need(5, None, None),
    },
)


def test_what_is_due_reads_each_part_of_the_plan():
    found = due.what_is_due(DATA, dt.date(2026, 11, 26))
    assert found.coordinator == "Wenche"
    assert found.revise_by == "2027-01-15" and not found.plan_due
    assert found.crisis_revise_by == "2026-11-01" and found.crisis_due
    assert found.last_review == "2026-W46"  # W48's review was not held to the end
    assert found.last_checkin == "2026-11-05"
    assert found.weeks_since_checkin == 3
    assert found.actions_past_date == 1
    assert found.first_date == "2026-11-01"


def test_the_day_decides_what_is_past_and_how_long_ago():
    summary = due.summary(DATA)
    assert due.on_day(summary, dt.date(2026, 11, 5)).weeks_since_checkin == 0
    assert due.on_day(summary, dt.date(2026, 11, 12)).weeks_since_checkin == 1
    later = due.on_day(summary, dt.date(2027, 1, 15))
    assert later.actions_past_date == 2 and later.plan_due
    assert due.on_day(summary, dt.date(2026, 10, 1)).actions_past_date == 0
    assert not due.on_day(summary, dt.date(2026, 10, 31)).crisis_due


def test_the_participant_who_coordinates_is_the_coordinator_shown(tmp_path):
    store = Store(tmp_path)
    store.add_client("Kari", coordinator="Anne")
    assert _rows(store)["kari"].due.coordinator == "Anne"
    with store.plan("kari", write=True) as plan:
        plan.add_participant("Dr Berg", role="GP")
        plan.add_participant("Sigrid Lund", role="NAV", coordinator=True)
    assert _rows(store)["kari"].due.coordinator == "Sigrid Lund"
    with store.plan("kari", write=True) as plan:
        plan.edit_participant(2, coordinator=False)
    assert _rows(store)["kari"].due.coordinator is None


def test_an_empty_plan_has_nothing_due():
    found = due.what_is_due(_plan_data(), dt.date(2026, 11, 26))
    assert (found.last_review, found.last_checkin, found.weeks_since_checkin) == (None,) * 3
    assert found.actions_past_date == 0 and found.crisis_revise_by is None


def test_in_words_gently():
    assert due.checkin_words(None) == "not yet"
    assert due.checkin_words(0) == "under a week ago"
    assert due.checkin_words(1) == "1 week ago"
    assert due.checkin_words(3) == "3 weeks ago"
    assert due.by_words("2026-11-01", True) == "2026-11-01 (due)"
    assert due.by_words("2026-12-01", False) == "2026-12-01"
    assert due.by_words(None, False) == "-"
    assert due.actions_words(0, None) == "-"
    assert due.actions_words(2, "2026-10-01") == "2026-10-01 (2)"


# Kept in the index -------------------------------------------------------------------------


def _entry(store: Store, handle: str) -> dict[str, Any]:
    return next(e for e in store.entries(include_archived=True) if e["handle"] == handle)


def _rows(store: Store, **options: Any) -> dict[str, due.Row]:
    return {row.client["handle"]: row for row in due.caseload(store, **options)}


def test_each_write_keeps_the_summary_with_the_stamp_of_the_file_written(store, day):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk to the shop")
        plan.check_in("1", 2)
    kept = _entry(store, "kari")["due"]
    assert kept["last_checkin"] == day[0].isoformat()
    assert kept["stat"] == due.stamp(store.plan_file("kari"))
    assert "due" not in store.clients()[0]  # bookkeeping, as the head is


def test_the_caseload_opens_no_plan_whose_summary_still_fits(store, monkeypatch):
    def no_reading(entry: Any) -> Any:
        raise AssertionError(f"read the plan of {entry['handle']}")

    monkeypatch.setattr(store, "read_due", no_reading)
    assert _rows(store)["kari"].due is not None


def test_a_writer_stopped_before_the_index_never_leaves_an_old_answer(store, day, monkeypatch):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk to the shop")
    before = _entry(store, "kari")["due"]
    # Killed between writing the plan and the index: the index keeps the old summary.
    monkeypatch.setattr(Store, "anchor", lambda *args, **kwargs: None)
    with store.plan("kari", write=True) as plan:
        plan.check_in("1", 3)
    monkeypatch.undo()
    assert _entry(store, "kari")["due"] == before
    assert _rows(store)["kari"].due.last_checkin == day[0].isoformat()
    # What was read again is kept, so the next caseload need not read it.
    assert _entry(store, "kari")["due"]["stat"] == due.stamp(store.plan_file("kari"))


def test_a_kept_summary_of_another_file_with_the_same_size_is_not_trusted(store, day):
    path = store.plan_file("kari")
    kept = _entry(store, "kari")["due"]
    raw = path.read_bytes()
    # The same bytes put back by another program: a new file, so a new stamp.
    path.unlink()
    path.write_bytes(raw)
    os.utime(path, ns=(kept["stat"][2], kept["stat"][2]))
    assert due.kept_summary(kept, path) is None
    assert due.kept_summary(dict(kept, version=due.VERSION + 1), path) is None


def test_a_plan_that_cant_be_read_is_a_row_and_the_others_are_listed(store):
    store.add_client("Ola")
    store.plan_file("kari").write_bytes(b'{"client": ')
    rows = _rows(store)
    assert rows["kari"].due is None
    assert "The plan of kari can't be read" in (rows["kari"].problem or "")
    assert "Kari" not in (rows["kari"].problem or "")  # by handle, never by name
    assert rows["ola"].due is not None and rows["ola"].problem is None


def test_archived_clients_are_left_out_unless_asked_for(store):
    store.add_client("Ola")
    store.set_archived("ola", True)
    assert set(_rows(store)) == {"kari"}
    assert set(_rows(store, include_archived=True)) == {"kari", "ola"}


def test_what_is_due_first_comes_first(store, day):
    store.add_client("Ola")
    store.add_client("Per")
    store.add_client("Siri")
    with store.plan("ola", write=True) as plan:
        plan.crisis_reviewed(revise_by="2027-03-01")
    with store.plan("per", write=True) as plan:
        plan.crisis_reviewed(revise_by="2026-12-01")
    store.plan_file("siri").write_bytes(b"")
    order = [row.client["handle"] for row in sorted(due.caseload(store), key=due.due_first)]
    assert order == ["siri", "per", "ola", "kari"]  # one to look at, then by date, then none
    assert [row.client["handle"] for row in sorted(due.caseload(store), key=due.by_name)] == [
        "kari",
        "ola",
        "per",
        "siri",
    ]


@pytest.mark.parametrize("weeks", [0, 2])
def test_the_frozen_day_decides_weeks_since_in_the_caseload(store, day, weeks):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk to the shop")
        plan.check_in("1", 2)
    day[0] += dt.timedelta(weeks=weeks, days=3)
    assert _rows(store)["kari"].due.weeks_since_checkin == weeks


def test_a_client_is_found_by_part_of_the_handle_or_name_in_any_case(store):
    store.add_client("Åse Li", handle="ase")
    rows = _rows(store)
    assert due.finds(rows["ase"], "ÅSE") and due.finds(rows["ase"], " li ")
    assert due.finds(rows["ase"], "as") and due.finds(rows["ase"], "")
    assert not due.finds(rows["kari"], "ase")


def test_a_list_that_does_not_keep_reads_and_writes_nothing_to_the_index(store, monkeypatch):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk to the shop")
    monkeypatch.setattr(Store, "anchor", lambda *args, **kwargs: None)
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Buy bread")
    monkeypatch.undo()
    index = store.index_path.read_bytes()
    assert _rows(store, keep=False)["kari"].due is not None
    assert store.index_path.read_bytes() == index
    due.caseload(store)
    assert store.index_path.read_bytes() != index
