"""The individual plan: participants, measures, the plan period and its revisions."""

import datetime as dt

import pytest
from core_support import DAY, plan_bytes

from recoverytui.core import dates, history
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.individual_plan import present_words


def _two(store):
    with store.plan("kari", write=True) as plan:
        plan.add_participant("Anne", role="coordinator", phone="+47 900 00 001", coordinator=True)
        plan.add_participant("Dr. Berg", role="GP", organisation="Legekontoret")
        plan.add_goal("Walk to the shop")


def test_a_participant_is_numbered_and_kept_as_typed(store):
    with store.plan("kari", write=True) as plan:
        saved = plan.add_participant(
            "  Mamma ☕ ", role="next of kin", contributes="Sunday dinner", voice="client"
        )
    assert saved.added and saved["number"] == 1
    assert (saved["name"], saved["role"], saved["voice"]) == ("Mamma ☕", "next of kin", "client")
    assert (saved["organisation"], saved["phone"], saved["coordinator"]) == (None, None, False)


def test_one_coordinator_at_a_time_and_the_client_document_names_them(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        assert plan.coordinator()["name"] == "Anne"
        assert plan.client["coordinator"] == "Anne"
        plan.edit_participant(2, coordinator=True)
        assert [p["coordinator"] for p in plan.participants()] == [False, True]
        assert plan.plan_period()["coordinator"] == "Dr. Berg"
        plan.edit_participant("dr. berg", name="Dr. Berg Aas")
        assert plan.client["coordinator"] == "Dr. Berg Aas"
        plan.remove_participant(2)
        assert plan.coordinator() is None and plan.client["coordinator"] is None


def test_a_participant_responsible_for_a_measure_stays_until_it_is_given_on(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        plan.add_measure("GP follow-up", responsible=2)
    before = plan_bytes(store)
    with (
        pytest.raises(InvalidInput, match="responsible for measure 1"),
        store.plan("kari", write=True) as plan,
    ):
        plan.remove_participant("Dr. Berg")
    assert plan_bytes(store) == before
    with store.plan("kari", write=True) as plan:
        plan.edit_measure(1, responsible=1)
        plan.remove_participant(2)
        plan.add_participant("NAV", role="NAV adviser")
        assert [p["number"] for p in plan.participants()] == [1, 3]  # 2 is never given again


def test_a_removed_participant_is_kept_in_the_history(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        plan.remove_participant(2)
    entries, _problem = history.of_client(store, "kari")
    gone = [e for e in entries if e["entity"] == "participant" and e["action"] == "removed"]
    assert len(gone) == 1 and gone[0]["old"]["name"] == "Dr. Berg"


def test_a_measure_names_who_is_responsible_and_the_goals_it_serves(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        saved = plan.add_measure(
            "Home visits",
            responsible="anne",
            extent="two visits a week",
            how="Tuesday and Friday",
            goals=["Walk to the shop", 1],
            start="2026-11-01",
        )
    assert saved["responsible"] == 1 and saved["goals"] == [1]
    assert (saved["from"], saved["until"], saved["status"]) == ("2026-11-01", None, "active")


def test_a_measure_that_starts_later_is_planned(store):
    _two(store)
    later = (DAY + dt.timedelta(days=14)).isoformat()
    with store.plan("kari", write=True) as plan:
        assert plan.add_measure("Budget advice", start=later)["status"] == "planned"
        assert plan.set_measure_status(1, "under way")["status"] == "active"  # as read
        assert plan.set_measure_status(1, "ended")["status"] == "ended"
        assert not plan.set_measure_status(1, "ended").changed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"responsible": 9}, "no participant"),
        ({"goals": [7]}, "no goal"),
        ({"start": "2026-12-10", "until": "2026-12-01"}, "ends on or after"),
        ({"start": "2026-02-30"}, "2026-02-30"),
        ({"status": "failed"}, "measure status"),
        ({"extent": "x" * 500}, "extent"),
    ],
)
def test_a_measure_with_bad_input_writes_nothing(store, kwargs, message):
    _two(store)
    before = plan_bytes(store)
    with (
        pytest.raises((InvalidInput, NotFound), match=message),
        store.plan("kari", write=True) as plan,
    ):
        plan.add_measure("Home visits", **kwargs)
    assert plan_bytes(store) == before


def test_an_edit_that_moves_until_before_from_is_refused(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        plan.add_measure("Home visits", start="2026-11-01")
    with (
        pytest.raises(InvalidInput, match="ends on or after"),
        store.plan("kari", write=True) as plan,
    ):
        plan.edit_measure(1, until="2026-10-01")


@pytest.mark.parametrize("name", ["", "   ", "x" * 200])
def test_a_participant_needs_a_name_of_a_sensible_length(store, name):
    before = plan_bytes(store)
    with pytest.raises(InvalidInput), store.plan("kari", write=True) as plan:
        plan.add_participant(name, role="GP")
    assert plan_bytes(store) == before


def test_a_participant_needs_a_role(store):
    with pytest.raises(InvalidInput, match="role"), store.plan("kari", write=True) as plan:
        plan.add_participant("Anne", role="  ")


def test_the_plan_period_is_set_changed_and_cleared(store):
    with store.plan("kari", write=True) as plan:
        plan.set_plan_period(start="2026-09-01", end="2027-08-31", revise_by="+6m")
        period = plan.plan_period()
        assert (period["plan_start"], period["plan_end"]) == ("2026-09-01", "2027-08-31")
        assert period["revise_by"] == dates.months_after(DAY, 6).isoformat()
        assert not plan.set_plan_period(start="2026-09-01").changed
        plan.set_plan_period(end="")
        assert plan.plan_period()["plan_end"] is None
    with (
        pytest.raises(InvalidInput, match="plan period ends"),
        store.plan("kari", write=True) as plan,
    ):
        plan.set_plan_period(end="2026-08-01")


def test_a_revision_records_who_was_there_and_sets_the_next(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        plan.plan_revised("2026-11-20", note="Went through the goals", present=["Anne", 2])
        plan.plan_revised("2026-10-01", present=[1])
        period = plan.plan_period()
    assert [r["date"] for r in period["revisions"]] == ["2026-10-01", "2026-11-20"]  # in order
    assert period["revisions"][1] == {
        "date": "2026-11-20", "note": "Went through the goals", "voice": "together",
        "present": [1, 2], "names": ["Anne", "Dr. Berg"],
    }  # fmt: skip
    # The newest revision decides (six months on); one recorded after the fact does not.
    assert period["revise_by"] == "2027-05-20"


def test_a_revision_keeps_the_names_of_those_present_when_one_leaves(store):
    _two(store)
    with store.plan("kari", write=True) as plan:
        plan.plan_revised(present=[1, 2])
        plan.remove_participant(2)
        plan.edit_participant(1, name="Anne Lie")
        [held] = plan.plan_period()["revisions"]
        names = {p["number"]: p["name"] for p in plan.participants()}
    assert present_words(held, names) == "Anne Lie, Dr. Berg"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"on": (DAY + dt.timedelta(days=1)).isoformat()}, "in the future"),
        ({"present": [5]}, "no participant"),
        ({"on": "2026-11-20", "revise_by": "2026-11-20"}, "next revision comes after"),
    ],
)
def test_a_revision_with_bad_input_writes_nothing(store, kwargs, message):
    _two(store)
    before = plan_bytes(store)
    with (
        pytest.raises((InvalidInput, NotFound), match=message),
        store.plan("kari", write=True) as plan,
    ):
        plan.plan_revised(**kwargs)
    assert plan_bytes(store) == before


def test_the_demo_holds_an_individual_plan(tmp_path):
    from recoverytui.core.demo import create_demo
    from recoverytui.core.store import Store

    store = Store(tmp_path)
    create_demo(store, today=DAY)
    with store.plan("demo") as plan:
        period = plan.plan_period()
        assert period["plan_start"] and period["plan_end"] and period["revise_by"]
        assert len(period["revisions"]) == 1 and period["coordinator"]
        assert {m["status"] for m in plan.measures()} == {"active", "ended", "planned"}
        assert all(m["responsible"] for m in plan.measures())
