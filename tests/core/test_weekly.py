"""The weekly report as data: which entries belong to which ISO week (year boundaries too),
and a known history read back for this week and, as it stood then, for the week before."""

import datetime as dt

import pytest

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput
from recoverytui.core.store import Store
from recoverytui.core.weekly import (
    AgreedStep,
    BeforePlan,
    CheckIn,
    Move,
    WeekValue,
    Words,
    build_week_report,
    check_any_began,
    plan_began,
)

FRIDAY = dt.date(2026, 11, 27)  # 2026-W48 runs Monday 23 to Sunday 29 November
D = dt.date.fromisoformat


@pytest.fixture
def store(tmp_path, monkeypatch):
    # Entries are stamped "created" when made: on the Friday, as the plan was written then.
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    store = Store(tmp_path)
    store.add_client("Kari", coordinator="Ola")
    return store


def report(store, week, today=FRIDAY):
    with store.plan("kari") as plan:
        return build_week_report(plan, week, today=today)


def checkin_dates(week_report):
    return [c.date.isoformat() for goal in week_report.goals for c in goal.checkins]


# Which week a day belongs to ---------------------------------------------------------------


def test_check_ins_belong_to_their_iso_week_across_new_year_2025(store):
    today = D("2025-01-10")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk", base=D("2024-12-01"))
        for day, progress in (("2024-12-29", 1), ("2024-12-30", 2), ("2025-01-05", 3),
                              ("2025-01-06", 4)):  # fmt: skip
            plan.check_in(1, progress, note=f"on {day}", on=D(day), base=today)
    week = report(store, "2025-W01", today)
    # Monday 30 December 2024 is the first day of 2025-W01; Sunday 29 December is not.
    assert checkin_dates(week) == ["2024-12-30", "2025-01-05"]
    assert (week.header.monday, week.header.sunday) == (D("2024-12-30"), D("2025-01-05"))
    assert week.header.week_words == "Week 1, 30 December 2024–5 January 2025"
    chart = week.goals[0].progress
    assert [v.week for v in chart][-2:] == ["2024-W52", "2025-W01"]
    assert (chart[-2].value, chart[-1].value) == (1, 3)  # the best of each week
    assert checkin_dates(report(store, "2024-W52", today)) == ["2024-12-29"]
    assert checkin_dates(report(store, "2025-W02", today)) == ["2025-01-06"]


def test_check_ins_belong_to_week_53_of_2020(store):
    today = D("2021-01-08")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk", base=D("2020-12-01"))
        for day in ("2020-12-27", "2020-12-28", "2021-01-03", "2021-01-04"):
            plan.check_in(1, 2, on=D(day), base=today)
    week = report(store, "2020-W53", today)
    # Sunday 3 January 2021 still belongs to 2020's week 53.
    assert checkin_dates(week) == ["2020-12-28", "2021-01-03"]
    assert week.header.week == "2020-W53"
    assert week.header.week_words == "Week 53, 28 December 2020–3 January 2021"
    assert checkin_dates(report(store, "2021-W01", today)) == ["2021-01-04"]
    assert checkin_dates(report(store, "2020-W52", today)) == ["2020-12-27"]


def test_a_week_is_read_in_any_form_and_a_week_not_begun_is_refused(store):
    assert report(store, "2026W48").header.week == "2026-W48"
    assert report(store, "2026-w48").header.week == "2026-W48"
    # Printed on its Monday is fine; the next week hasn't begun.
    assert report(store, "2026-W48", D("2026-11-23")).header.printed == D("2026-11-23")
    with pytest.raises(InvalidInput, match="has not begun"):
        report(store, "2026-W49")
    with pytest.raises(InvalidInput, match="no week 54"):
        report(store, "2026-W54")
    with pytest.raises(InvalidInput, match="not a week"):
        report(store, "next week")


# A known history ---------------------------------------------------------------------------


@pytest.fixture
def history(store):
    """Kari's plan from October to Friday 27 November 2026 (2026-W48), built with core ops."""
    today = FRIDAY
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A home of my own")
        plan.add_dream("Fish at the lake", voice="together")
        plan.set_dream_status(2, "growing")

        plan.add_goal("Walk to the shop", steps=["With Ola", "Alone", "Buy bread"],
                      area="daily life", support="Ola", due="2026-12-18",
                      base=D("2026-10-01"))  # fmt: skip
        plan.complete_step(1, 1, on=D("2026-10-20"), base=today)
        plan.complete_step(1, 2, on=D("2026-11-24"), base=today)
        plan.check_in(1, 1, on=D("2026-10-05"), base=today)
        plan.check_in(1, 2, note="Last week's note", on=D("2026-11-16"), base=today)
        plan.check_in(1, 3, on=D("2026-11-18"), base=today)
        plan.check_in(1, 2, note="Monday walk", on=D("2026-11-23"), base=today)
        plan.check_in(1, 3, note="Ola saw it", voice="worker", on=D("2026-11-26"), base=today)

        plan.add_goal("Buy a bed", base=D("2026-10-01"))
        plan.set_goal_status(2, "reached", note="Slept well!", voice="client",
                             base=D("2026-11-25"))  # fmt: skip
        plan.add_goal("Call my brother", base=D("2026-09-01"))
        plan.set_goal_status(3, "reached", base=D("2026-11-02"))
        plan.add_goal("Open the post", base=D("2026-10-01"))
        plan.set_goal_status(4, "paused", base=D("2026-11-10"))
        plan.add_goal("Get a couch", base=D("2026-11-20"))
        plan.add_goal("Learn to cook", base=D("2026-11-25"))
        plan.set_goal_status(6, "reached", base=D("2026-11-26"))

        plan.add_area("Rent", step=2, on=D("2026-10-01"), base=today)
        plan.step_up("Rent", note="Paid it myself", voice="client", on=D("2026-11-24"),
                     next_step="Pay alone, Ola checks", base=today)  # fmt: skip
        plan.add_area("Medicine", step=3, next_step="Fill the box alone", on=D("2026-10-01"),
                      base=today)  # fmt: skip
        plan.step_back("Medicine", note="A hard week", on=D("2026-11-17"), base=today)

        plan.rate_need("A bed", client_says="met", worker_says="met", base=D("2026-11-02"))
        plan.rate_need("A budget for the week", client_says="unmet", worker_says="unmet",
                       action="Write a budget", who="Ola", due="2026-12-01",
                       base=D("2026-11-02"))  # fmt: skip
        plan.rate_need("Rent is paid", client_says="partly", base=D("2026-11-25"))

        plan.record_review("2026-W46", hope=3, agree=["Rest"], on=D("2026-11-13"), base=today)
        plan.record_review("2026-W47", words="Hard week", hope=4, agree=["Call Ola", "Walk twice"],
                           on=D("2026-11-20"), base=today)  # fmt: skip
        plan.set_agreed_step("2026-W47", 1, done=D("2026-11-24"), base=today)
        plan.record_review("2026-W48", words="Better!", hope=6, agree=["Buy bread alone"],
                           on=FRIDAY, base=today)  # fmt: skip
    return store


def test_this_weeks_report_holds_the_week(history):
    week = report(history, "2026-W48")
    header = week.header
    assert (header.name, header.coordinator, header.handle) == ("Kari", "Ola", "kari")
    assert header.week_words == "Week 48, 23–29 November 2026"
    assert header.printed == FRIDAY

    assert [(d.number, d.text, d.status, d.voice) for d in week.dreams] == [
        (1, "A home of my own", "held", "client"),
        (2, "Fish at the lake", "growing", "together"),
    ]

    # Active goals only: reached ones are celebrated below, a paused one is not listed.
    assert [g.number for g in week.goals] == [1, 5]
    walk = week.goals[0]
    assert (walk.title, walk.due, walk.area, walk.support) == (
        "Walk to the shop", D("2026-12-18"), "daily life", "Ola")  # fmt: skip
    assert walk.checkins == [
        CheckIn(D("2026-11-23"), 2, Words("Monday walk", "client")),
        CheckIn(D("2026-11-26"), 3, Words("Ola saw it", "worker")),
    ]
    assert [(s.text, s.done) for s in walk.steps_done_this_week] == [("Alone", D("2026-11-24"))]
    assert [(s.text, s.done) for s in walk.steps_done_before] == [("With Ola", D("2026-10-20"))]
    assert [(s.text, s.done) for s in walk.steps_open] == [("Buy bread", None)]
    assert walk.progress == [
        WeekValue("2026-W41", 1), WeekValue("2026-W42", None), WeekValue("2026-W43", None),
        WeekValue("2026-W44", None), WeekValue("2026-W45", None), WeekValue("2026-W46", None),
        WeekValue("2026-W47", 3), WeekValue("2026-W48", 3),
    ]  # fmt: skip
    assert week.goals[1].checkins == []

    # Reached this week first (newest first), then earlier.
    assert [(r.number, r.reached, r.this_week) for r in week.reached] == [
        (6, D("2026-11-26"), True),
        (2, D("2026-11-25"), True),
        (3, D("2026-11-02"), False),
    ]
    assert week.reached[1].note == Words("Slept well!", "client")
    assert week.reached[2].note is None

    rent, medicine = week.areas
    assert (rent.name, rent.step, rent.next) == ("Rent", 3, "Pay alone, Ola checks")
    assert rent.moves == [Move(D("2026-11-24"), "up", 2, 3, Words("Paid it myself", "client"))]
    assert (medicine.step, medicine.moves, medicine.next) == (2, [], "Fill the box alone")

    # Open needs: agreed actions first; a need both call met is not on the sheet.
    assert [(n.name, n.action, n.who, n.due) for n in week.needs] == [
        ("A budget for the week", "Write a budget", "Ola", D("2026-12-01")),
        ("Rent is paid", None, None, None),
    ]
    assert (week.needs[1].client_rating, week.needs[1].worker_rating) == ("partly", "unknown")

    assert week.next_steps == [AgreedStep(1, "Buy bread alone", "together", None)]
    assert week.last_steps_week == "2026-W47"
    assert week.last_steps == [
        AgreedStep(1, "Call Ola", "together", D("2026-11-24")),
        AgreedStep(2, "Walk twice", "together", None),
    ]
    assert (week.review_held, week.words, week.hope) == (FRIDAY, Words("Better!", "client"), 6)
    assert [(v.week, v.value) for v in week.hopes if v.value is not None] == [
        ("2026-W46", 3), ("2026-W47", 4), ("2026-W48", 6)]  # fmt: skip


def test_last_weeks_report_shows_the_plan_as_it_stood_then(history):
    week = report(history, "2026-W47")
    assert week.header.week_words == "Week 47, 16–22 November 2026"
    # "Buy a bed" was reached in week 48, so in week 47 it was still being worked on;
    # "Learn to cook" was not there yet.
    assert [g.number for g in week.goals] == [1, 2, 5]
    walk = week.goals[0]
    assert [(c.date, c.note) for c in walk.checkins] == [
        (D("2026-11-16"), Words("Last week's note", "client")),
        (D("2026-11-18"), None),
    ]
    assert walk.steps_done_this_week == []
    assert [s.text for s in walk.steps_done_before] == ["With Ola"]
    assert [s.text for s in walk.steps_open] == ["Alone", "Buy bread"]  # done in week 48
    assert walk.progress[-1] == WeekValue("2026-W47", 3)
    assert [(r.number, r.this_week) for r in week.reached] == [(3, False)]

    rent, medicine = week.areas
    assert (rent.step, rent.moves, rent.next) == (2, [], None)
    assert medicine.step == 2
    assert medicine.moves == [Move(D("2026-11-17"), "back", 3, 2, Words("A hard week", "together"))]
    # The agreement in force then, kept by the move.
    assert medicine.next == "Fill the box alone"

    # "Rent is paid" was rated in week 48; in week 47 only the budget was open.
    assert [n.name for n in week.needs] == ["A budget for the week"]

    assert [(s.text, s.done) for s in week.next_steps] == [("Call Ola", None), ("Walk twice", None)]
    assert (week.last_steps_week, [s.text for s in week.last_steps]) == ("2026-W46", ["Rest"])
    assert (week.words, week.hope) == (Words("Hard week", "client"), 4)
    assert week.hopes[-1] == WeekValue("2026-W47", 4)


def test_a_week_without_a_review_starts_from_the_last_agreed_steps(history):
    with history.plan("kari", write=True) as plan:
        plan.check_in(1, 4, on=D("2026-11-30"), base=D("2026-12-02"))
    week = report(history, "2026-W49", D("2026-12-02"))
    assert (week.review_held, week.words, week.hope, week.next_steps) == (None, None, None, [])
    assert week.last_steps_week == "2026-W48"
    assert [s.text for s in week.last_steps] == ["Buy bread alone"]
    assert week.hopes[-1] == WeekValue("2026-W49", None)
    assert [g.progress[-1].value for g in week.goals] == [4, None]
    # Last week's reached goals are still celebrated, no longer as this week's.
    assert [(r.number, r.this_week) for r in week.reached] == [(6, False), (2, False), (3, False)]


def test_an_empty_plan_makes_an_empty_report(store):
    week = report(store, "2026-W48")
    assert (week.dreams, week.goals, week.reached, week.areas) == ([], [], [], [])
    assert (week.needs, week.next_steps, week.last_steps) == ([], [], [])
    assert week.last_steps_week is None
    assert all(v.value is None for v in week.hopes)
    assert week.needs_rated is False  # so the sheet says they aren't rated, not "none open"


def test_an_earlier_week_leaves_out_later_dreams_and_says_no_status(store, monkeypatch):
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-10T09:00:00+01:00")  # week 46
    with store.plan("kari", write=True) as plan:
        plan.set_plan_period(start=D("2026-11-02"), base=FRIDAY)  # the plan began in week 45
        plan.add_dream("A home of my own")
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-25T09:00:00+01:00")  # week 48
    with store.plan("kari", write=True) as plan:
        plan.add_dream("Fish at the lake")
        plan.set_dream_status(1, "reached")
    # This week: both, as they stand now.
    assert [(d.text, d.status) for d in report(store, "2026-W48").dreams] == [
        ("A home of my own", "reached"), ("Fish at the lake", "held")]  # fmt: skip
    # Week 47: the lake was not written down yet, and today's "reached" is not put back in
    # time; there is no dated history of a dream's status, so none is said.
    assert [(d.text, d.status) for d in report(store, "2026-W47").dreams] == [
        ("A home of my own", None)]  # fmt: skip
    assert report(store, "2026-W45").dreams == []


def test_goals_paused_or_let_go_in_the_week_are_kept_with_their_words(history):
    with history.plan("kari", write=True) as plan:
        plan.set_goal_status(5, "paused", note="Not now, after Christmas", voice="client",
                             base=D("2026-11-24"))  # fmt: skip
        plan.add_goal("Run a marathon", base=D("2026-10-01"))
        plan.set_goal_status(7, "let-go", note="It was never mine", voice="client",
                             base=D("2026-11-26"))  # fmt: skip
    week = report(history, "2026-W48")
    assert [g.number for g in week.goals] == [1]
    # Paused in week 46 ("Open the post"): not this week's news, so not on the sheet.
    assert [(a.number, a.status, a.date, a.note) for a in week.set_aside] == [
        (5, "paused", D("2026-11-24"), Words("Not now, after Christmas", "client")),
        (7, "let-go", D("2026-11-26"), Words("It was never mine", "client")),
    ]
    # In week 47 both were still being worked on.
    earlier = report(history, "2026-W47")
    assert earlier.set_aside == []
    assert 7 in [g.number for g in earlier.goals]


def test_a_check_in_on_a_goal_resting_let_go_or_reached_is_on_its_weeks_sheet(history):
    with history.plan("kari", write=True) as plan:
        # Paused in week 46; the client still did a little in week 48.
        plan.check_in(4, 1, note="Opened two letters", on=D("2026-11-24"), base=FRIDAY)
        # Checked in on Monday, paused on Wednesday.
        plan.add_goal("Join the choir", base=D("2026-10-01"))
        plan.check_in(7, 2, on=D("2026-11-23"), base=FRIDAY)
        plan.set_goal_status(7, "paused", note="Too much now", voice="client",
                             base=D("2026-11-25"))  # fmt: skip
        # Let go in week 47, and then a word about it in week 48.
        plan.add_goal("Run a marathon", base=D("2026-10-01"))
        plan.set_goal_status(8, "let-go", base=D("2026-11-17"))
        plan.check_in(8, 0, note="Ran for the bus", on=D("2026-11-26"), base=FRIDAY)
        # Reached in week 45 and kept up; reached this week after Monday's check-in.
        plan.check_in(3, 4, note="We talk every week now", on=D("2026-11-25"), base=FRIDAY)
        plan.check_in(2, 3, on=D("2026-11-23"), base=FRIDAY)
    week = report(history, "2026-W48")
    aside = {a.number: (a.status, a.date, a.checkins) for a in week.set_aside}
    assert aside == {
        4: ("paused", D("2026-11-10"), [CheckIn(D("2026-11-24"), 1,
                                                Words("Opened two letters", "client"))]),
        7: ("paused", D("2026-11-25"), [CheckIn(D("2026-11-23"), 2, None)]),
        8: ("let-go", D("2026-11-17"), [CheckIn(D("2026-11-26"), 0,
                                                Words("Ran for the bus", "client"))]),
    }  # fmt: skip
    reached = {r.number: r.checkins for r in week.reached}
    assert reached[3] == [CheckIn(D("2026-11-25"), 4, Words("We talk every week now", "client"))]
    assert reached[2] == [CheckIn(D("2026-11-23"), 3, None)]
    # Week 47: nothing said then; the goal let go that week is on its sheet without one.
    earlier = report(history, "2026-W47")
    assert [(a.number, a.checkins) for a in earlier.set_aside] == [(8, [])]
    assert all(r.checkins == [] for r in earlier.reached)


def test_a_reached_goal_checked_in_on_this_week_is_listed_not_only_counted(store):
    with store.plan("kari", write=True) as plan:
        for n in range(1, 10):
            plan.add_goal(f"Goal {n}", base=D("2026-09-01"))
            plan.set_goal_status(n, "reached", base=D("2026-09-07") + dt.timedelta(weeks=n))
        plan.check_in(1, 4, on=D("2026-11-24"), base=FRIDAY)
    week = report(store, "2026-W48")
    assert [r.number for r in week.reached] == [1, 9, 8, 7, 6]
    assert week.reached_before == 4


def test_a_long_list_of_reached_goals_shows_this_weeks_and_the_newest_and_counts_the_rest(
    store,
):
    from recoverytui.report import render

    with store.plan("kari", write=True) as plan:
        for n in range(1, 10):
            plan.add_goal(f"Goal {n}", base=D("2026-09-01"))
            # Eight reached over the autumn, one each week; the ninth this week.
            day = D("2026-11-25") if n == 9 else D("2026-09-07") + dt.timedelta(weeks=n)
            plan.set_goal_status(n, "reached", base=day)
    week = report(store, "2026-W48")
    assert [r.number for r in week.reached] == [9, 8, 7, 6, 5]
    assert week.reached[0].this_week and week.reached_before == 4
    text = render(week, "txt").decode()
    assert "And 4 more goals reached before." in text
    assert "Goal 4," not in text


def test_every_goal_reached_this_week_is_shown_however_many(store):
    with store.plan("kari", write=True) as plan:
        for n in range(1, 8):
            plan.add_goal(f"Goal {n}", base=D("2026-11-01"))
            plan.set_goal_status(n, "reached", base=D("2026-11-24"))
    week = report(store, "2026-W48")
    assert len(week.reached) == 7 and week.reached_before == 0


# When the plan began -----------------------------------------------------------------------


def test_a_week_before_the_plan_began_is_refused_and_its_first_week_is_printed(history):
    # Kari's plan began with a goal dated Tuesday 1 September 2026, in 2026-W36.
    with history.plan("kari") as plan:
        assert plan_began(plan.whole(), FRIDAY) == D("2026-09-01")
    assert report(history, "2026-W36").header.week == "2026-W36"
    for week in ("2026-W35", "1990-W10"):
        with pytest.raises(BeforePlan) as refused:
            report(history, week)
        assert str(refused.value) == (
            f"{week} is before this plan began on 1 September 2026, so there is no sheet for "
            "it. The first week that can be printed is 2026-W36, the week the plan began."
        )
        assert refused.value.began == D("2026-09-01")
        assert isinstance(refused.value, InvalidInput)  # exit 2 in the CLI


def test_the_plan_began_with_the_client_or_its_period_or_its_oldest_record(store):
    # An empty plan began the day the client was added (Friday 27 November, 2026-W48).
    assert report(store, "2026-W48").goals == []
    with pytest.raises(BeforePlan, match="27 November 2026"):
        report(store, "2026-W47")
    # A check-in from paper, older than the client here: its week prints.
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk", base=D("2026-11-02"))
        plan.check_in(1, 2, on=D("2026-10-28"), base=FRIDAY)
    assert checkin_dates(report(store, "2026-W44")) == ["2026-10-28"]
    with pytest.raises(BeforePlan, match="first week that can be printed is 2026-W44"):
        report(store, "2026-W43")
    # The individual plan's period began earlier still: the weeks from its start print.
    with store.plan("kari", write=True) as plan:
        plan.set_plan_period(start=D("2026-08-17"), base=FRIDAY)
    assert report(store, "2026-W34").goals == []
    with pytest.raises(BeforePlan, match="began on 17 August 2026"):
        report(store, "2026-W33")


def test_a_clock_set_ahead_never_takes_the_current_week_away(store):
    # The client was added "on Friday 27 November", by a clock ahead of today's calendar.
    today = D("2026-11-16")
    assert report(store, "2026-W47", today).header.week == "2026-W47"
    with pytest.raises(BeforePlan, match="began on 16 November 2026"):
        report(store, "2026-W46", today)


def test_a_goal_names_its_dream_only_on_a_sheet_that_lists_it(store):
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A home of my own", on=D("2026-11-02"), base=FRIDAY)
        plan.add_goal("Walk", dream=1, base=D("2026-11-03"))
        plan.add_dream("Fish at the lake")  # today, Friday 27 November
        plan.add_goal("Find a rod", base=D("2026-11-04"))
        plan.edit_goal(2, dream=2)  # a link has no date: made this week
    this_week, earlier = report(store, "2026-W48"), report(store, "2026-W46")
    assert [(g.title, g.dream) for g in this_week.goals] == [("Walk", 1), ("Find a rod", 2)]
    assert [d.number for d in earlier.dreams] == [1]
    assert [(g.title, g.dream) for g in earlier.goals] == [("Walk", 1), ("Find a rod", None)]


def test_a_dream_from_the_paper_plan_keeps_its_day(store):
    with store.plan("kari", write=True) as plan:
        dream = plan.add_dream("A home of my own", on="02.11.2026", base=FRIDAY)
        assert dream["created"].startswith("2026-11-02T")
        with pytest.raises(InvalidInput, match="in the future"):
            plan.add_dream("Tomorrow's dream", on=D("2026-11-28"), base=FRIDAY)
    assert [d.text for d in report(store, "2026-W45").dreams] == ["A home of my own"]
    with store.plan("kari") as plan:
        assert len(plan.dreams()) == 1  # the refused one wrote nothing


def test_all_clients_are_refused_only_when_no_plan_had_begun():
    later = BeforePlan("b", began=D("2026-10-07"))
    earlier = BeforePlan("a", began=D("2026-09-01"))
    check_any_began("2026-W30", [], 2)  # everyone printed
    check_any_began("2026-W30", [later], 2)  # one left out, one printed
    with pytest.raises(InvalidInput) as refused:
        check_any_began("2026-W30", [later, earlier], 2)
    assert str(refused.value) == (
        "2026-W30 is before every client's plan began, so nothing was written. "
        "The first week that can be printed for any of them is 2026-W36."
    )
