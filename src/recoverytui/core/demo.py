"""A fictional client with some weeks of history, for trying the tool and for tests.

The demo speaks the program's language: its words are the program's own (through the
catalogue), written as a client and a worker would. A real client's words are never
translated. Needs are rated by their number, the same in both languages' checklists.

Everything is dated relative to `today`, so the demo always looks current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import N_, _
from recoverytui.core.plan import Plan
from recoverytui.core.store import Store

DEMO_HANDLE = "demo"

# (weeks before today, progress, note in the client's words)
_SHOP_WEEKS = [
    (7, 1, N_("Walked there with Kari. My heart was racing but I did it.")),
    (6, 2, N_("Went with Kari again, and I paid myself.")),
    (5, 2, None),
    (4, 1, N_("Bad week, I stayed in. Kari says that's part of it.")),
    (3, 0, N_("Didn't go. Too many people on the street.")),
    (2, 2, N_("Went on a Tuesday morning when it's quiet. Alone!")),
    (1, 3, N_("Twice this week. Bought coffee and bread.")),
    (0, 3, N_("Once on my own, once with my neighbour.")),
]
_BROTHER_WEEKS = [
    (3, 1, N_("Found his number in an old phone.")),
    (2, 1, None),
    (1, 2, N_("Sent him a text. He answered with a thumbs up 👍")),
    (0, 2, N_("We are going to talk on Sunday.")),
]


def _said(words: str | None) -> str | None:
    return _(words) if words else None


def create_demo(store: Store, *, today: dt.date | None = None) -> tuple[dict[str, Any], bool]:
    """Create the demo client unless it exists. Returns (client, created)."""
    try:
        with store.plan(DEMO_HANDLE) as plan:
            existing = plan.client
    except NotFound:
        pass
    else:
        if not existing.get("demo"):
            raise InvalidInput(
                _("The handle {handle} belongs to a real client, so the demo can't use it.").format(
                    handle=DEMO_HANDLE
                )
            )
        return existing, False
    today = today or dates.today()
    weeks_ago = lambda n: today - dt.timedelta(weeks=n)  # noqa: E731
    client = store.add_client(
        "Robin", handle=DEMO_HANDLE, coordinator=_("Kari (demo worker)"), demo=True
    )
    with store.plan(DEMO_HANDLE, write=True) as plan:
        # Two dreams written down when the plan began, before the goals that serve them; the
        # third came later.
        plan.add_dream(
            _(
                "To have a home that feels like mine, with a proper bed and a couch "
                "to sit on with a cup of coffee."
            ),
            on=weeks_ago(12),
            base=today,
        )
        plan.add_dream(
            _("Go fishing with my brother at the lake again, like when we were kids."),
            on=weeks_ago(12),
            base=today,
        )
        plan.add_dream(
            _("Maybe one day work with my hands, at the bike workshop."),
            on=weeks_ago(5),
            base=today,
        )
        plan.set_dream_status(1, "growing")

        plan.add_goal(
            _("Get a bed of my own"),
            dream=1,
            area=_("home"),
            steps=[
                _("Measure the bedroom"),
                _("Look at beds at the second-hand shop with Kari"),
                _("Apply to NAV for money for furniture"),
                _("Bed delivered"),
            ],
            support="Kari",
            base=weeks_ago(10),
        )
        for number, week in ((1, 9), (2, 8), (3, 7), (4, 3)):
            plan.complete_step(1, number, on=weeks_ago(week), base=today)
        for week, progress in ((9, 1), (8, 2), (6, 2), (4, 3), (3, 4)):
            plan.check_in(1, progress, on=weeks_ago(week), base=today)
        plan.set_goal_status(
            1,
            "reached",
            note=_("I slept in my own bed last night!"),
            voice="client",
            base=weeks_ago(3),
        )

        plan.add_goal(
            _("Walk to the shop on my own twice a week"),
            area=_("daily life"),
            due=(today + dt.timedelta(weeks=3)).isoformat(),
            steps=[
                _("Walk there with Kari"),
                _("Walk there alone in the daytime"),
                _("Buy something alone"),
            ],
            support=_("Kari, and the neighbour on the second floor"),
            base=weeks_ago(8),
        )
        plan.complete_step(2, 1, on=weeks_ago(7), base=today)
        plan.complete_step(2, 2, on=weeks_ago(2), base=today)
        for week, progress, note in _SHOP_WEEKS:
            plan.check_in(2, progress, note=_said(note), on=weeks_ago(week), base=today)

        plan.add_goal(
            _("Call my brother"),
            dream=2,
            area=_("family and friends"),
            due=(today + dt.timedelta(days=10)).isoformat(),
            steps=[_("Find his number"), _("Send him a text first"), _("Call him")],
            voice="client",
            base=weeks_ago(4),
        )
        plan.complete_step(3, 1, on=weeks_ago(3), base=today)
        plan.complete_step(3, 2, on=weeks_ago(1), base=today)
        for week, progress, note in _BROTHER_WEEKS:
            plan.check_in(3, progress, note=_said(note), on=weeks_ago(week), base=today)

        plan.add_goal(
            _("Open the post every Monday"),
            area=_("money"),
            steps=[_("Open the post with Kari"), _("Put bills in the blue folder")],
            base=weeks_ago(6),
        )
        plan.check_in(4, 1, note=_("Too many letters. Kari helped."), on=weeks_ago(5), base=today)
        plan.set_goal_status(
            4,
            "paused",
            note=_("Too much right now. We pick it up after Christmas."),
            voice="client",
            base=weeks_ago(4),
        )

        _ladder(plan, weeks_ago, today)
        _needs(plan, weeks_ago, today)
        _reviews(plan, weeks_ago, today)
        _crisis(plan, weeks_ago, today)
        _individual_plan(plan, weeks_ago, today)
        client = plan.client  # with its plan period
    return client, True


# (weeks before today, hope 0–10, the week in the client's words, steps agreed for next week)
_REVIEWS = [
    (
        6,
        3,
        N_("Everything felt heavy. But Kari came every Tuesday."),
        [N_("Open the door when Kari comes")],
    ),
    (5, 4, None, [N_("Walk to the shop with Kari"), N_("Look at beds online")]),
    (4, 2, N_("A bad week. I stayed in most days."), [N_("One walk outside, however short")]),
    (3, 5, N_("My own bed! I slept all night."), [N_("Walk to the shop on a quiet morning")]),
    (2, 5, None, [N_("Send my brother a text")]),
    (
        1,
        6,
        N_("Better. I went out more and he answered me."),
        [N_("Call my brother on Sunday"), N_("Shop alone once")],
    ),
]


def _reviews(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Weekly reviews held on the Friday of each past week, with hope rising unevenly."""
    for week, hope, words, agreed in _REVIEWS:
        held = weeks_ago(week)
        plan.record_review(
            dates.week_key(held),
            words=_said(words),
            hope=hope,
            agree=[_(step) for step in agreed],
            stage="done",
            on=held,
            base=today,
        )
        if week > 1:  # last week's steps are still to be looked at in this week's review
            for number in range(1, len(agreed) + 1):
                plan.set_agreed_step(
                    dates.week_key(held), number, done=held + dt.timedelta(days=3), base=today
                )


def _ladder(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Four everyday areas moved up and back over the weeks."""
    plan.add_area(_("Paying rent and bills"), step=1, base=weeks_ago(10))
    plan.step_up(1, note=_("Paid the rent together at the bank."), on=weeks_ago(8), base=today)
    plan.step_up(
        1,
        note=_("I paid it myself, Kari reminded me."),
        on=weeks_ago(4),
        base=today,
        next_step=_("Pay it myself; Kari checks in after"),
        ready_when=_("Two months on time"),
    )
    plan.add_area(_("Medicine"), step=2, base=weeks_ago(10))
    plan.step_up(2, note=_("Dosette box filled on my own."), on=weeks_ago(7), base=today)
    plan.step_back(
        2,
        note=_("Forgot some doses in a bad week. Kari fills the box again for now."),
        voice="client",
        on=weeks_ago(4),
        base=today,
    )
    plan.step_up(
        2,
        note=_("Back to filling it myself."),
        on=weeks_ago(1),
        base=today,
        next_step=_("Kari only checks on Fridays"),
        ready_when=_("Four weeks with every dose taken"),
    )
    plan.add_area(
        _("Food and shopping"),
        step=2,
        base=weeks_ago(8),
        next_step=_("Make the shopping list alone"),
        ready_when=_("Three lists made"),
    )
    plan.add_area(_("Cleaning and laundry"), step=3, base=weeks_ago(6))
    plan.step_back(
        4,
        note=_("Washing machine broke; we go to the laundrette together."),
        on=weeks_ago(2),
        base=today,
    )


def _needs(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Both checklists filled in, with the client and the worker not always agreeing."""
    ratings = {
        1: ("met", "met"),
        2: ("partly", "unmet"),
        3: ("met", "met"),
        4: ("met", "partly"),
        6: ("unmet", "unmet"),
        7: ("partly", "unmet"),
        9: ("met", "met"),
        10: ("met", "met"),
        11: ("unmet", "unmet"),
        13: ("met", "met"),
        14: ("partly", "met"),
    }
    for name, (client_says, worker_says) in ratings.items():
        plan.rate_need(name, client_says=client_says, worker_says=worker_says, base=weeks_ago(3))
    plan.rate_need(
        2,
        action=_("Apply for housing benefit"),
        who=_("Kari and Robin"),
        due=(today + dt.timedelta(days=5)).isoformat(),
        base=today,
    )
    plan.rate_need(
        11,
        action=_("Look at the second-hand shop"),
        who="Robin",
        due=(today + dt.timedelta(weeks=2)).isoformat(),
        base=today,
    )
    plan.rate_need(
        6,
        action=_("Write a budget together"),
        who="Kari",
        due=(today + dt.timedelta(days=3)).isoformat(),
        base=weeks_ago(2),
    )
    plan.rate_need(10, client_says="met", base=weeks_ago(3))


def _crisis(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """A crisis plan made together six weeks ago: named signs, people and numbers. The
    numbers start with 1, which no Norwegian subscriber number does."""
    plan.set_well(
        _("I get up before nine, make coffee and go for a walk. I answer when people call.")
    )
    signs = [
        (N_("I stop opening the post"), N_("Tell Kari the same week"),
         N_("Ask me about the post and open it with me")),
        (N_("I sleep in the day and sit up all night"), N_("Bed at eleven with the radio on low"),
         N_("Call me in the morning, before ten")),
        (N_("The voices get louder and I keep the curtains shut"),
         N_("Call Kari, or the legevakt in the evening"),
         N_("Come by, sit with me and talk quietly")),
    ]  # fmt: skip
    for sign, action, others in signs:
        plan.add_to_crisis("sign", _(sign), action=_(action), others=_(others))
    for kind, words in [
        ("helps", N_("Walking by the river")),
        ("helps", N_("Music on my headphones")),
        ("helps", N_("Coffee with Sara next door")),
        ("avoid", N_("Many people talking at once")),
        ("avoid", N_("Being told to calm down")),
        ("met", N_("Speak calmly and tell me who you are")),
        ("met", N_("Two people at most, and not in uniform if it can be helped")),
        ("treatment", N_("Tablets rather than injections")),
        ("treatment", N_("The legevakt first, before the hospital, if that can be done")),
    ]:
        plan.add_to_crisis(kind, _(words))
    plan.add_to_crisis("contact", "Kari", relation=_("my contact at the municipality"),
                       phone="123 45 678")  # fmt: skip
    plan.add_to_crisis("contact", "Sara", relation=_("neighbour"), phone="123 45 679")
    plan.add_to_crisis("contact", "Jon", relation=_("brother"), phone="123 45 680")
    plan.add_to_crisis(
        "no-contact", _("My father"), text=_("It makes things worse just now"), voice="client"
    )
    plan.add_to_crisis("practical", _("Feed the cat"), who="Sara")
    plan.add_to_crisis("practical", _("Pay the rent if it falls due"), who="Kari")
    plan.set_admission(
        unit=_("DPS Nord, short-stay unit"),
        phone="123 45 000",
        text=_("Up to three nights, five times a year. Call before six in the evening."),
        renew_by=today + dt.timedelta(weeks=18),
        base=today,
    )
    plan.crisis_reviewed(weeks_ago(6), base=today)
    # In the bad week, Robin noticed the first two signs.
    plan.record_review(dates.week_key(weeks_ago(4)), signs=[1, 2], base=today)


def _individual_plan(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """The individual plan, begun twelve weeks ago for a year and revised once: who takes
    part, what each brings, and the measures, one of them ended and one still to start."""
    start = weeks_ago(12)
    plan.set_plan_period(start=start, end=dates.months_after(start, 12), base=today)
    plan.add_participant(
        "Robin",
        role=_("me"),
        contributes=_("I tell Kari when the post piles up, and I come to the meetings."),
        voice="client",
    )
    plan.add_participant(
        _("Kari (demo worker)"),
        role=_("contact person"),
        organisation=_("Mental health service, the municipality"),
        phone="123 45 678",
        contributes=_("Home visits, and help with the post and with NAV."),
        coordinator=True,
    )
    plan.add_participant(
        "Jon", role=_("brother"), contributes=_("Calls on Sundays."), voice="client"
    )
    plan.add_participant(
        _("Dr. Berg"),
        role=_("GP"),
        organisation=_("The health centre in town"),
        phone="123 45 100",
        contributes=_("Goes through the medicines every three months."),
    )
    plan.add_participant(
        "Line",
        role=_("NAV adviser"),
        organisation="NAV",
        contributes=_("Money for furniture, and a budget."),
    )
    plan.add_measure(
        _("Home visits from the mental health service"),
        responsible=2,
        extent=_("two visits a week"),
        how=_("Tuesday and Friday mornings. We plan the week together."),
        goals=[2, 4],
        start=start,
        base=today,
    )
    plan.add_measure(
        _("Help to apply for money for furniture"),
        responsible=5,
        extent=_("once"),
        goals=[1],
        start=weeks_ago(10),
        until=weeks_ago(7),
        base=today,
    )
    plan.set_measure_status(2, "ended")
    plan.add_measure(
        _("Medicines gone through with the GP"),
        responsible=4,
        extent=_("every three months"),
        start=start,
        base=today,
    )
    plan.add_measure(
        _("Budget advice"),
        responsible=5,
        extent=_("an hour a month"),
        how=_("At the NAV office, with Kari the first time."),
        start=today + dt.timedelta(weeks=2),
        base=today,
    )
    plan.plan_revised(
        weeks_ago(6),
        note=_("We went through the goals. Budget advice added; the furniture money came."),
        present=[1, 2, 5],
        base=today,
    )
    _consent(plan, weeks_ago, today)


def _consent(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Robin let NAV see the basic needs for the furniture money; it was sent once. Nothing
    goes to the GP yet: that consent is for the person trying the tool to give."""
    plan.add_consent(
        5,
        share=["needs"],
        purpose_of=_("Money for furniture, and a budget"),
        start=weeks_ago(9),
        until=dates.months_after(weeks_ago(9), 12),
        registered_by=_("Kari (demo worker)"),
        base=today,
    )
    plan.log_shared(
        plan.participant(5),
        consent=plan.consent(1, today),
        share=["needs"],
        files=[f"{DEMO_HANDLE}-to-5-{weeks_ago(8).isoformat()}.pdf",
               f"{DEMO_HANDLE}-to-5-{weeks_ago(8).isoformat()}.fhir.json"],
        base=weeks_ago(8),
    )  # fmt: skip
