import datetime as dt

import pytest
from core_support import plan_bytes

from recoverytui.core.documents import step_words
from recoverytui.core.errors import InvalidInput, NotFound

FRIDAY = dt.date(2026, 11, 27)


def test_five_steps_in_plain_words():
    assert [step_words(n) for n in range(1, 6)] == [
        "Staff does it",
        "We do it together",
        "You do it, we remind you",
        "You do it, we check in",
        "You do it on your own",
    ]


def test_area_starts_with_its_step_and_agreement(store):
    with store.plan("kari", write=True) as plan:
        area = plan.add_area(
            "Paying rent", step=2, next_step="Pay it myself", ready_when="Two months on time",
            base=FRIDAY,
        )  # fmt: skip
    assert (area["number"], area["name"], area["step"]) == (1, "Paying rent", 2)
    assert (area["next"], area["ready_when"]) == ("Pay it myself", "Two months on time")
    assert area["history"] == [
        {"date": "2026-11-27", "move": "start", "from": None, "to": 2, "note": None,
         "voice": "together"}
    ]  # fmt: skip


def test_moves_up_and_back_are_kept_in_order_with_note_and_voice(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Medicine", step=2, base=FRIDAY - dt.timedelta(weeks=6))
        plan.step_up("Medicine", note="Filled the box", on="-5w", base=FRIDAY)
        plan.step_back(1, note="A hard week", voice="client", on="-2w", base=FRIDAY)
        area = plan.step_up(1, on="today", base=FRIDAY)
        with pytest.raises(InvalidInput, match="last moved on 2026-11-27"):
            plan.step_back(1, on="-3w", base=FRIDAY)
    assert area["step"] == 3
    assert [(m["date"], m["move"], m["from"], m["to"]) for m in area["history"]] == [
        ("2026-10-16", "start", None, 2),
        ("2026-10-23", "up", 2, 3),
        ("2026-11-13", "back", 3, 2),
        ("2026-11-27", "up", 2, 3),
    ]
    back = area["history"][2]
    assert (back["note"], back["voice"]) == ("A hard week", "client")


def test_step_bounds_are_clear_and_write_nothing(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Bottom", step=1)
        plan.add_area("Top", step=5)
    before = plan_bytes(store)
    below = "on step 1, 'Staff does it'; there is no step below"
    with pytest.raises(InvalidInput, match=below), store.plan("kari", write=True) as plan:
        plan.step_back("Bottom")
    with (
        pytest.raises(InvalidInput, match="already on step 5"),
        store.plan("kari", write=True) as p,
    ):
        p.step_up("Top")
    for bad in (0, 6, -1, True, "3"):
        with pytest.raises(InvalidInput, match="1 to 5"), store.plan("kari", write=True) as plan:
            plan.add_area("New", step=bad)
    assert plan_bytes(store) == before


def test_step_up_clears_the_agreement_unless_a_new_one_is_given(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Shopping", step=2, next_step="List alone", ready_when="Three lists")
        up = plan.step_up(1)
        assert (up["next"], up["ready_when"]) == (None, None)
        up = plan.step_up(1, next_step="Shop alone", ready_when="A month")
        assert (up["next"], up["ready_when"]) == ("Shop alone", "A month")
        back = plan.step_back(1)
        assert back["next"] == "Shop alone"
        cleared = plan.set_area(1, next_step="", ready_when="")
        assert (cleared["next"], cleared["ready_when"]) == (None, None)
        same = plan.set_area(1, next_step="")
        assert same["revision"] == cleared["revision"]


def test_area_names_are_unique_and_found_by_number_or_name(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Post and forms")
        with pytest.raises(InvalidInput, match="already an area"):
            plan.add_area("post and FORMS")
        assert plan.area("post and forms")["number"] == 1
        with pytest.raises(NotFound):
            plan.area(2)


def test_future_moves_are_refused(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Post")
        with pytest.raises(InvalidInput, match="future"):
            plan.step_up(1, on="tomorrow", base=FRIDAY)


def test_an_area_from_paper_can_start_in_the_past_and_take_its_old_moves(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Laundry", step=2, on="01.10.2026", base=FRIDAY)
        area = plan.step_up(1, on="15.10.2026", base=FRIDAY)
        with pytest.raises(InvalidInput, match="future"):
            plan.add_area("Post", on="+1d", base=FRIDAY)
    assert [(m["date"], m["to"]) for m in area["history"]] == [("2026-10-01", 2), ("2026-10-15", 3)]


def test_no_agreement_is_ever_lost(store, day):
    day[0] = FRIDAY
    with store.plan("kari", write=True) as plan:
        plan.add_area("Rent", step=2, next_step="Pay it myself", ready_when="Two months")
        up = plan.step_up(1)
        assert (up["next"], up["ready_when"]) == (None, None)
        assert (up["history"][-1]["next"], up["history"][-1]["ready_when"]) == (
            "Pay it myself", "Two months")  # fmt: skip
        agreed = plan.set_area(1, next_step="Set up a direct debit", voice="client")
    entry = agreed["history"][-1]
    assert (entry["move"], entry["to"], entry["next"], entry["voice"], entry["date"]) == (
        "agree", 3, "Set up a direct debit", "client", "2026-11-27")  # fmt: skip
    # An agreement is not a move; moving on from it works as before.
    with store.plan("kari", write=True) as plan:
        plan.step_back(1, on=FRIDAY)
