"""core/fields.py: the one check of each field, used by the plan operations and by the TUI's
forms alike; and the Saved result that says whether an operation changed anything."""

import datetime as dt

import pytest
from core_support import DAY, plan_bytes

from recoverytui.core import fields
from recoverytui.core.errors import InvalidInput, PlanError

TOO_LONG = "a" * 3000  # over every limit
ESCAPE = "x \x1b]0;pwned\x07"
TOMORROW = (DAY + dt.timedelta(days=1)).isoformat()

# (the field's check, a refused value, the same value given to an operation)
SAME_REFUSAL = {
    "goal title": (fields.goal_title, TOO_LONG, lambda p, v: p.add_goal(v)),
    "goal title edited": (fields.goal_title, "12", lambda p, v: p.edit_goal(1, title=v)),
    "due": (fields.due, "31.02.2026", lambda p, v: p.add_goal("Rest", due=v)),
    "due edited": (fields.due, "someday", lambda p, v: p.edit_goal(1, due=v)),
    "life area": (fields.life_area, TOO_LONG, lambda p, v: p.add_goal("Rest", area=v)),
    "support": (fields.support, ESCAPE, lambda p, v: p.edit_goal(1, support=v)),
    "step": (fields.goal_step, TOO_LONG, lambda p, v: p.add_step(1, v)),
    "step of a new goal": (fields.goal_step, "3", lambda p, v: p.add_goal("Rest", steps=[v])),
    "step reworded": (fields.goal_step, ESCAPE, lambda p, v: p.edit_step(1, 1, text=v)),
    "dream": (fields.dream_text, TOO_LONG, lambda p, v: p.add_dream(v)),
    "dream reworded": (fields.dream_text, "", lambda p, v: p.edit_dream(1, text=v)),
    "dream status": (fields.dream_status, "gone", lambda p, v: p.set_dream_status(1, v)),
    "goal status": (fields.goal_status, "failed", lambda p, v: p.set_goal_status(1, v)),
    "status note": (
        fields.note,
        TOO_LONG,
        lambda p, v: p.set_goal_status(1, "paused", note=v),
    ),
    "check-in note": (fields.note, ESCAPE, lambda p, v: p.check_in(1, 2, note=v)),
    "check-in day": (fields.past_day, TOMORROW, lambda p, v: p.check_in(1, 2, on=v)),
    "check-in day unread": (fields.past_day, "31.02.2026", lambda p, v: p.check_in(1, 2, on=v)),
    "step done day": (fields.past_day, TOMORROW, lambda p, v: p.complete_step(1, 1, on=v)),
    "area name": (fields.area_name, TOO_LONG, lambda p, v: p.add_area(v)),
    "area renamed": (fields.area_name, "7", lambda p, v: p.set_area(1, name=v)),
    "area since": (fields.past_day, TOMORROW, lambda p, v: p.add_area("Cooking", on=v)),
    "next step": (fields.next_step, TOO_LONG, lambda p, v: p.set_area(1, next_step=v)),
    "sign it is time": (fields.ready_when, ESCAPE, lambda p, v: p.set_area(1, ready_when=v)),
    "move note": (fields.note, TOO_LONG, lambda p, v: p.step_up(1, note=v)),
    "move day": (fields.past_day, TOMORROW, lambda p, v: p.step_up(1, on=v)),
    "move next step": (fields.next_step, ESCAPE, lambda p, v: p.step_back(1, next_step=v)),
    "move": (fields.move, "sideways", lambda p, v: p.move(1, v)),
    "need": (fields.need_name, TOO_LONG, lambda p, v: p.add_need(v, domain="housing")),
    "need action": (fields.need_action, ESCAPE, lambda p, v: p.rate_need(1, action=v)),
    "need who": (fields.who, TOO_LONG, lambda p, v: p.rate_need(1, action="Call", who=v)),
    "need due": (fields.due, "32.01.2026", lambda p, v: p.rate_need(1, action="Call", due=v)),
    "week words": (fields.week_words, TOO_LONG, lambda p, v: p.record_review(words=v)),
    "agreed step": (fields.agreed_step, ESCAPE, lambda p, v: p.record_review(agree=[v])),
}


@pytest.fixture
def kari(store, day):
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A home that feels like mine")
        plan.add_goal("Buy a bed", steps=["Measure the room"])
        plan.add_area("Paying rent", step=2)
    return store


@pytest.mark.parametrize("case", SAME_REFUSAL)
def test_a_form_and_the_operation_refuse_a_value_in_the_same_words(kari, case):
    check, value, operation = SAME_REFUSAL[case]
    with pytest.raises(InvalidInput) as by_field:
        check(value)
    before = plan_bytes(kari)
    with pytest.raises(InvalidInput) as by_operation, kari.plan("kari", write=True) as plan:
        operation(plan, value)
    assert str(by_operation.value) == str(by_field.value)
    assert plan_bytes(kari) == before


def test_a_day_in_the_future_is_worded_for_what_it_dates(day):
    with pytest.raises(InvalidInput, match="only days that have come"):
        fields.past_day("+1d")
    with pytest.raises(InvalidInput, match="a review is dated on the day"):
        fields.past_day("+1d", future="{date} is in the future; a review is dated on the day.")
    assert fields.past_day(None) == DAY
    assert fields.past_day("yesterday") == DAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("read", "typed", "number"),
    [
        (fields.progress, " 3 ", 3),
        (fields.progress, "٣", 3),  # an Arabic-Indic three is a three
        (fields.hope, "10", 10),
        (fields.hope, "  ", None),
        (fields.ladder_step, "", 1),
        (fields.ladder_step, "4", 4),
    ],
)
def test_numbers_typed_as_text(read, typed, number):
    assert read(typed) == number


@pytest.mark.parametrize(
    ("read", "typed", "words"),
    [
        (fields.progress, "", "Progress is a whole number from 0 to 4"),
        (fields.progress, "²", "Progress is a whole number from 0 to 4"),  # a digit, no decimal
        (fields.progress, "5", "not 5"),
        (fields.progress, "-1", "Progress is a whole number from 0 to 4"),
        (fields.hope, "11", "Hope is a whole number from 0 to 10, not 11"),
        (fields.hope, "½", "Hope is a whole number from 0 to 10"),
        (fields.ladder_step, "six", "A step is a whole number from 1 to 5, not six"),
        (fields.ladder_step, "²", "A step is a whole number from 1 to 5, not ²"),
        (fields.ladder_step, "0", "not 0"),
    ],
)
def test_a_number_that_is_not_one_is_refused_plainly(read, typed, words):
    with pytest.raises(PlanError, match=words):
        read(typed)


# What an operation returns: the document, and whether anything changed ----------------------


def test_an_operation_says_whether_it_added_changed_or_found_it_already_so(kari):
    with kari.plan("kari", write=True) as plan:
        added = plan.check_in(1, 2, note="A start")
        again = plan.check_in(1, 2, note="A start")
        more = plan.check_in(1, 3)
    assert (added.added, added.changed) == (True, True)
    assert (again.added, again.changed) == (False, False)
    assert (more.added, more.changed) == (False, True)
    assert more.before is not None and more.before["progress"] == 2
    assert more["progress"] == 3 and more == {**more}  # still the document itself


@pytest.mark.parametrize(
    ("name", "operation"),
    [
        ("edit goal", lambda p: p.edit_goal(1, title="Buy a bed")),
        ("goal status", lambda p: p.set_goal_status(1, "active")),
        ("step done", lambda p: p.complete_step(1, 1, undo=True)),
        ("step words", lambda p: p.edit_step(1, 1, text="Measure the room")),
        ("dream words", lambda p: p.edit_dream(1, text="A home that feels like mine")),
        ("dream status", lambda p: p.set_dream_status(1, "held")),
        ("area", lambda p: p.set_area(1, next_step="")),
        ("need", lambda p: p.rate_need(1, client_says="unknown")),
        ("review", lambda p: p.record_review(words="Quiet", hope=5)),
    ],
)
def test_the_same_again_is_already_so_and_writes_nothing(kari, name, operation):
    with kari.plan("kari", write=True) as plan:
        first = operation(plan)
    before = plan_bytes(kari)
    with kari.plan("kari", write=True) as plan:
        again = operation(plan)
    assert not again.changed and not again.added
    assert again == first and again.before == dict(first)
    assert plan_bytes(kari) == before


# Numbers typed into the session's forms read as the command line reads them -----------------


@pytest.mark.parametrize("typed", ["²", "①", "Ⅻ", "½", "9" * 5000], ids=str.__len__)
def test_digits_that_are_no_number_are_refused_plainly(typed: str) -> None:
    with pytest.raises(InvalidInput):
        fields.progress(typed)
    with pytest.raises(InvalidInput):
        fields.hope(typed)


def test_decimal_digits_of_any_script_are_their_number() -> None:
    assert fields.progress("\u0663") == 3
    assert fields.hope("\u0667") == 7
