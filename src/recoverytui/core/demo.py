"""A fictional client with some weeks of history, for trying the tool and for tests.

Everything is dated relative to `today`, so the demo always looks current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan import Plan
from recoverytui.core.store import Store

DEMO_HANDLE = "demo"

# (weeks before today, progress, note in the client's words)
_SHOP_WEEKS = [
    (7, 1, "Walked there with Kari. My heart was racing but I did it."),
    (6, 2, "Went with Kari again, and I paid myself."),
    (5, 2, None),
    (4, 1, "Bad week, I stayed in. Kari says that's part of it."),
    (3, 0, "Didn't go. Too many people on the street."),
    (2, 2, "Went on a Tuesday morning when it's quiet. Alone!"),
    (1, 3, "Twice this week. Bought coffee and bread."),
    (0, 3, "Once on my own, once with my neighbour."),
]
_BROTHER_WEEKS = [
    (3, 1, "Found his number in an old phone."),
    (2, 1, None),
    (1, 2, "Sent him a text. He answered with a thumbs up 👍"),
    (0, 2, "We are going to talk on Sunday."),
]


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
        "Robin", handle=DEMO_HANDLE, coordinator="Kari (demo worker)", demo=True
    )
    with store.plan(DEMO_HANDLE, write=True) as plan:
        plan.add_dream(
            "To have a home that feels like mine, with a proper bed and a couch "
            "to sit on with a cup of coffee."
        )
        plan.add_dream("Go fishing with my brother at the lake again, like when we were kids.")
        plan.add_dream("Maybe one day work with my hands, at the bike workshop.")
        plan.set_dream_status(1, "growing")

        plan.add_goal(
            "Get a bed of my own",
            dream=1,
            area="home",
            steps=[
                "Measure the bedroom",
                "Look at beds at the second-hand shop with Kari",
                "Apply to NAV for money for furniture",
                "Bed delivered",
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
            note="I slept in my own bed last night!",
            voice="client",
            base=weeks_ago(3),
        )

        plan.add_goal(
            "Walk to the shop on my own twice a week",
            area="daily life",
            due=(today + dt.timedelta(weeks=3)).isoformat(),
            steps=[
                "Walk there with Kari",
                "Walk there alone in the daytime",
                "Buy something alone",
            ],
            support="Kari, and the neighbour on the second floor",
            base=weeks_ago(8),
        )
        plan.complete_step(2, 1, on=weeks_ago(7), base=today)
        plan.complete_step(2, 2, on=weeks_ago(2), base=today)
        for week, progress, note in _SHOP_WEEKS:
            plan.check_in(2, progress, note=note, on=weeks_ago(week), base=today)

        plan.add_goal(
            "Call my brother",
            dream=2,
            area="family and friends",
            due=(today + dt.timedelta(days=10)).isoformat(),
            steps=["Find his number", "Send him a text first", "Call him"],
            voice="client",
            base=weeks_ago(4),
        )
        plan.complete_step(3, 1, on=weeks_ago(3), base=today)
        plan.complete_step(3, 2, on=weeks_ago(1), base=today)
        for week, progress, note in _BROTHER_WEEKS:
            plan.check_in(3, progress, note=note, on=weeks_ago(week), base=today)

        plan.add_goal(
            "Open the post every Monday",
            area="money",
            steps=["Open the post with Kari", "Put bills in the blue folder"],
            base=weeks_ago(6),
        )
        plan.check_in(4, 1, note="Too many letters. Kari helped.", on=weeks_ago(5), base=today)
        plan.set_goal_status(
            4,
            "paused",
            note="Too much right now. We pick it up after Christmas.",
            voice="client",
            base=weeks_ago(4),
        )

        _ladder(plan, weeks_ago, today)
        _needs(plan, weeks_ago, today)
        _reviews(plan, weeks_ago, today)
    return client, True


# (weeks before today, hope 0–10, the week in the client's words, steps agreed for next week)
_REVIEWS = [
    (
        6,
        3,
        "Everything felt heavy. But Kari came every Tuesday.",
        ["Open the door when Kari comes"],
    ),
    (5, 4, None, ["Walk to the shop with Kari", "Look at beds online"]),
    (4, 2, "A bad week. I stayed in most days.", ["One walk outside, however short"]),
    (3, 5, "My own bed! I slept all night.", ["Walk to the shop on a quiet morning"]),
    (2, 5, None, ["Send my brother a text"]),
    (
        1,
        6,
        "Better. I went out more and he answered me.",
        ["Call my brother on Sunday", "Shop alone once"],
    ),
]


def _reviews(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Weekly reviews held on the Friday of each past week, with hope rising unevenly."""
    for week, hope, words, agreed in _REVIEWS:
        held = weeks_ago(week)
        plan.record_review(
            dates.week_key(held),
            words=words,
            hope=hope,
            agree=agreed,
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
    plan.add_area("Paying rent and bills", step=1, base=weeks_ago(10))
    plan.step_up(1, note="Paid the rent together at the bank.", on=weeks_ago(8), base=today)
    plan.step_up(
        1,
        note="I paid it myself, Kari reminded me.",
        on=weeks_ago(4),
        base=today,
        next_step="Pay it myself; Kari checks in after",
        ready_when="Two months on time",
    )
    plan.add_area("Medicine", step=2, base=weeks_ago(10))
    plan.step_up(2, note="Dosette box filled on my own.", on=weeks_ago(7), base=today)
    plan.step_back(
        2,
        note="Forgot some doses in a bad week. Kari fills the box again for now.",
        voice="client",
        on=weeks_ago(4),
        base=today,
    )
    plan.step_up(
        2,
        note="Back to filling it myself.",
        on=weeks_ago(1),
        base=today,
        next_step="Kari only checks on Fridays",
        ready_when="Four weeks with every dose taken",
    )
    plan.add_area(
        "Food and shopping",
        step=2,
        base=weeks_ago(8),
        next_step="Make the shopping list alone",
        ready_when="Three lists made",
    )
    plan.add_area("Cleaning and laundry", step=3, base=weeks_ago(6))
    plan.step_back(
        4,
        note="Washing machine broke; we go to the laundrette together.",
        on=weeks_ago(2),
        base=today,
    )


def _needs(plan: Plan, weeks_ago: Callable[[int], dt.date], today: dt.date) -> None:
    """Both checklists filled in, with the client and the worker not always agreeing."""
    ratings = {
        "Income is in place": ("met", "met"),
        "Benefits applied for and granted": ("partly", "unmet"),
        "Rent is paid": ("met", "met"),
        "Electricity and other bills are paid": ("met", "partly"),
        "A budget for the week": ("unmet", "unmet"),
        "Money lasts until the next payment": ("partly", "unmet"),
        "A stable place to live": ("met", "met"),
        "A bed": ("met", "met"),
        "A couch or a good chair": ("unmet", "unmet"),
        "Heat and power": ("met", "met"),
        "Feels safe at home": ("partly", "met"),
    }
    for name, (client_says, worker_says) in ratings.items():
        plan.rate_need(name, client_says=client_says, worker_says=worker_says, base=weeks_ago(3))
    plan.rate_need(
        "Benefits applied for and granted",
        action="Apply for housing benefit",
        who="Kari and Robin",
        due=(today + dt.timedelta(days=5)).isoformat(),
        base=today,
    )
    plan.rate_need(
        "A couch or a good chair",
        action="Look at the second-hand shop",
        who="Robin",
        due=(today + dt.timedelta(weeks=2)).isoformat(),
        base=today,
    )
    plan.rate_need(
        "A budget for the week",
        action="Write a budget together",
        who="Kari",
        due=(today + dt.timedelta(days=3)).isoformat(),
        base=weeks_ago(2),
    )
    plan.rate_need("A bed", client_says="met", base=weeks_ago(3))
