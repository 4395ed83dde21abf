"""The road so far: the series the overview draws, and the words that say the same."""

import datetime as dt

from recoverytui.core.road import WEEKS, last_weeks, road

TODAY = dt.date(2026, 11, 26)  # ISO week 2026-W48


def test_twelve_weeks_ending_with_this_one():
    weeks = last_weeks(TODAY)
    assert len(weeks) == WEEKS
    assert (weeks[0], weeks[-1]) == ("2026-W37", "2026-W48")


def test_an_empty_plan_has_a_picture_that_says_nothing_is_there_yet(store):
    with store.plan("kari") as plan:
        picture = road(plan.whole(), TODAY)
    assert picture.hope.values == (None,) * WEEKS
    assert picture.hope.words == "No hope rating yet: the weekly review asks for one."
    assert (picture.goals, picture.areas) == ((), ())


def test_hope_per_week_from_the_reviews_with_its_words(store):
    with store.plan("kari", write=True) as plan:
        for week, hope in (("2026-W38", 4), ("2026-W40", 2), ("2026-W47", 7)):
            plan.record_review(week, hope=hope, base=TODAY)
        plan.record_review("2026-W30", hope=9, base=TODAY)  # before the picture's weeks
        plan.record_review("2026-W48", words="No rating this week", base=TODAY)
        picture = road(plan.whole(), TODAY)
    hope = picture.hope
    assert (hope.low, hope.high) == (0, 10)
    assert hope.values == (None, 4, None, 2, None, None, None, None, None, None, 7, None)
    assert hope.words == "4 → 7 over 10 weeks, between 2 and 7, latest 7"


def test_one_hope_rating_is_said_as_one(store):
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", hope=6, base=TODAY)
        picture = road(plan.whole(), TODAY)
    assert picture.hope.words == "6 of 10, one review so far"


def test_each_active_goal_has_its_best_check_in_per_week(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk daily", base=TODAY)
        plan.add_goal("Call my sister", base=TODAY)
        plan.add_goal("Done and dusted", base=TODAY)
        plan.check_in(1, 1, on="2026-11-16", base=TODAY)
        plan.check_in(1, 3, on="2026-11-18", base=TODAY)  # the same week: the best counts
        plan.check_in(1, 2, on="2026-11-25", base=TODAY)
        plan.set_goal_status(3, "reached", base=TODAY)
        picture = road(plan.whole(), TODAY)
    walk, call = picture.goals
    assert (walk.label, walk.low, walk.high) == ("Walk daily", 0, 4)
    assert walk.values[-2:] == (3, 2) and walk.values[:-2] == (None,) * (WEEKS - 2)
    assert walk.words == "in 2 of 12 weeks, latest 2 (some progress)"
    assert call.values == (None,) * WEEKS
    assert call.words == "no check-in in the last 12 weeks"


def test_the_ladder_step_per_week_from_its_moves_with_a_step_back_as_any_other(store):
    with store.plan("kari", write=True) as plan:
        plan.add_area("Cooking", step=2, on="2026-10-01", base=TODAY)
        plan.step_up("Cooking", on="2026-10-20", base=TODAY)
        plan.step_back("Cooking", on="2026-11-10", base=TODAY)
        plan.add_area("Rent", step=3, on="2026-11-24", base=TODAY)
        picture = road(plan.whole(), TODAY)
    cooking, rent = picture.areas
    assert (cooking.low, cooking.high) == (1, 5)
    # W37–W39 before it was on the ladder; W40 on step 2, W43 up, W46 back.
    assert cooking.values == (None, None, None, 2, 2, 2, 3, 3, 3, 2, 2, 2)
    assert cooking.words == "step 2 → 3 → 2"
    assert rent.values == (None,) * (WEEKS - 1) + (3,)
    assert rent.words == "step 3 all along"
