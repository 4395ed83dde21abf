"""A whole fictional caseload, for benchmarks and for trying the tool at scale.

`create_caseload(store, clients=50, weeks=156)` gives each client dreams, goals with steps,
weekly check-ins (some weeks missed), ladder moves, need ratings and actions, weekly
reviews (some noticing early signs), and most a crisis plan, some of them due, dated
relative to `today` and the same for the same seed. Every name is a fictional
first name; nobody here is a real person.

Each client's plan is built through the ordinary Plan operations (so every document is in the
shape the store checks), inside one write transaction per client: one read, one write.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.plan import Plan
from recoverytui.core.store import Store

FIRST_NAMES = (
    "Aksel", "Amira", "Anders", "Astrid", "Bjørn", "Camilla", "Dag", "Eirik", "Elin", "Emil",
    "Frida", "Geir", "Hanne", "Helga", "Ida", "Ingrid", "Jonas", "Jorunn", "Kaja", "Knut",
    "Lars", "Leila", "Linn", "Magnus", "Maja", "Marit", "Mats", "Nina", "Nils", "Oda",
    "Olav", "Petra", "Rune", "Sara", "Sigrid", "Siv", "Stian", "Tone", "Tor", "Trine",
    "Ulrik", "Vera", "Vidar", "Yusuf", "Åse", "Øystein",
)  # fmt: skip
WORKERS = ("Kari", "Ola", "Mette", "Hassan", "Line", "Per")
DOCTORS = ("Berg", "Dahl", "Lunde", "Moen", "Strand")  # surnames: never a client's name
VISITS = ("one visit a week", "two visits a week", "a visit every other week")

DREAMS = (
    "A home that feels like mine, with a couch to sit on with a cup of coffee.",
    "Go fishing with my brother at the lake again, like when we were kids.",
    "Work with my hands one day, maybe at the bike workshop.",
    "Have a dog to walk in the mornings.",
    "Sing in a choir again.",
    "Take the train to visit my daughter in Bergen.",
    "Cook a proper Sunday dinner for friends.",
    "Finish school, even if it takes a long time.",
    "Sleep through the night and wake up rested.",
    "Grow tomatoes on the balcony.",
    "Have a friend to call when things are hard.",
    "Go to a football match with my nephew.",
)
GOALS = (
    (
        "Walk to the shop on my own",
        "daily life",
        ("Walk there with support", "Walk there alone", "Buy something alone"),
    ),
    (
        "Get a bed of my own",
        "home",
        ("Measure the bedroom", "Look at second-hand beds", "Apply for money for furniture"),
    ),
    ("Call my brother", "family and friends", ("Find his number", "Send a text first", "Call him")),
    (
        "Open the post every Monday",
        "money",
        ("Open the post together", "Put bills in the blue folder"),
    ),
    (
        "Go to the activity centre once a week",
        "daytime",
        ("Visit with support", "Stay for coffee", "Go alone"),
    ),
    (
        "Cook a warm meal twice a week",
        "food",
        ("Write a shopping list", "Buy the food", "Cook together", "Cook alone"),
    ),
    (
        "Take the bus to town",
        "daily life",
        ("Find the timetable", "Ride one stop with support", "Ride all the way"),
    ),
    (
        "Make the doctor's appointment myself",
        "health",
        ("Write down what to say", "Call the surgery"),
    ),
    (
        "Wash my clothes every week",
        "home",
        ("Learn the machine in the basement", "Book a laundry time"),
    ),
    (
        "Join the walking group",
        "health",
        ("Ask about the times", "Go once with support", "Go on my own"),
    ),
    ("Fix the bike", "daytime", ("Take it to the workshop", "Buy a new tube", "Ride to the lake")),
    (
        "Clean the kitchen on Saturdays",
        "home",
        ("Buy cleaning things", "Do the dishes", "Wipe the benches"),
    ),
)
SUPPORT = ("the worker", "my sister", "the neighbour", "my brother", "the peer worker", None)
SENTENCES = (
    "Went with support again and it was easier this time.",
    "A bad week, I stayed in most days.",
    "Didn't go. Too many people on the street.",
    "My heart was racing but I did it.",
    "Slept badly, so I put it off until Thursday.",
    "Did it on my own on a quiet morning!",
    "The neighbour came along, which helped.",
    "I forgot, then remembered on Sunday and did half of it.",
    "Felt proud afterwards.",
    "Voices were loud this week, so we took it slower.",
    "Talked about it with the worker and we made it smaller.",
    "Twice this week.",
    "It rained all week and I didn't feel like going out.",
    "The medicine makes me tired in the mornings, so I went in the afternoon.",
    "My sister phoned and we talked about it.",
    "Not much happened, but I thought about it.",
    "I was in hospital for a few days, so nothing this week.",
    "Better than last week.",
)
WEEK_WORDS = (
    "Everything felt heavy, but the visits helped.",
    "A good week. I went out more.",
    "I was tired most days.",
    "Had coffee with the neighbour.",
    "Money ran out before the payment again.",
    "I slept well for once.",
    "Worried about the letter from NAV.",
    "Felt more like myself.",
    "The weekend was lonely.",
    "Went to the activity centre and stayed for lunch.",
)
AGREED = (
    "One walk outside, however short",
    "Open the door when the worker comes",
    "Call the surgery on Monday",
    "Make a shopping list",
    "Send a text to my brother",
    "Go to bed before midnight",
    "Pay the electricity bill",
    "Visit the activity centre",
    "Wash one load of clothes",
)
LADDER_NOTES = (
    "Did it together at the bank.",
    "Did it myself, with a reminder.",
    "Two months on time now.",
    "A hard month; we do it together again for now.",
    "Forgot a few times in a bad week.",
    "Managed it on my own.",
)
AREAS = (
    "Paying rent and bills",
    "Medicine",
    "Food and shopping",
    "Cleaning and laundry",
    "Appointments",
    "Post and forms",
)
ACTIONS = (
    "Apply for housing benefit",
    "Write a budget together",
    "Look at the second-hand shop",
    "Call the landlord about the heating",
    "Ask NAV about the payment date",
)
RATINGS = ("met", "partly", "unmet", "unknown")


def create_caseload(
    store: Store,
    *,
    clients: int,
    weeks: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Add `clients` fictional clients with `weeks` weeks of history each, into an empty store.

    The same seed gives the same plans (names, texts, dates; not ids or time stamps)."""
    if clients < 1 or weeks < 1:
        raise InvalidInput(_("A demo caseload needs at least one client and one week."))
    if store.clients(include_archived=True):
        raise InvalidInput(
            _(
                "The store already has clients; a demo caseload goes into an empty store. "
                "Point $RECOVERY_HOME at a new folder."
            )
        )
    today = today or dates.today()
    made = []
    for index in range(clients):
        rng = random.Random(f"{seed}:{index}")
        # The crisis plans draw from their own sequence: the rest is as it was before them.
        crisis_rng = random.Random(f"{seed}:{index}:crisis")
        name = FIRST_NAMES[index % len(FIRST_NAMES)]
        client = store.add_client(name, coordinator=f"{rng.choice(WORKERS)} (demo)", demo=True)
        with store.plan(client["handle"], write=True) as plan:
            _History(plan, rng, today, weeks, crisis_rng).build()
        made.append(client)
        if progress is not None:
            progress(index + 1, client)
    return made


class _History:
    """One client's weeks, written oldest first."""

    def __init__(
        self, plan: Plan, rng: random.Random, today: dt.date, weeks: int, crisis: random.Random
    ) -> None:
        self.plan, self.rng, self.today, self.weeks = plan, rng, today, weeks
        self.crisis_rng = crisis
        # The Monday `weeks` weeks back, so each week's visit day falls in its own ISO week.
        self.start = today - dt.timedelta(weeks=weeks, days=today.weekday())
        # goal number -> (progress so far, week it ends, steps left)
        self.active: dict[int, list[int]] = {}
        self.dreams = 0
        self.tries: dict[str, int] = {}  # goal title -> how many times it has been taken up
        self.areas: list[int] = []
        self.last_review: tuple[str, int] | None = None

    def day(self, week: int) -> dt.date:
        """The visit day of a week: a weekday, never after today."""
        return min(self.start + dt.timedelta(weeks=week, days=self.rng.randrange(5)), self.today)

    def note(self, sentences: tuple[str, ...] = SENTENCES) -> str:
        return " ".join(self.rng.sample(sentences, self.rng.choice((1, 1, 1, 2, 2, 3, 4, 6))))

    def build(self) -> None:
        plan, rng = self.plan, self.rng
        for text in rng.sample(DREAMS, rng.randint(2, 4)):
            plan.add_dream(text, on=self.start, base=self.today)  # before any goal serves it
            self.dreams += 1
        self.start_ladder()
        self.start_needs()
        self.crisis_plan()
        self.individual_plan()
        ill_from = rng.randrange(self.weeks)  # a stretch of weeks with no visits at all
        ill_until = ill_from + rng.randint(0, 4)
        for week in range(self.weeks):
            if ill_from <= week < ill_until or rng.random() < 0.08:
                continue
            day = self.day(week)
            self.goals_week(week, day)
            if rng.random() < 0.08:
                self.ladder_move(day)
            if rng.random() < 0.06:
                self.needs_change(day)
            if rng.random() < 0.85:
                self.review(day)

    # Goals and check-ins -------------------------------------------------------------------

    def goals_week(self, week: int, day: dt.date) -> None:
        plan, rng = self.plan, self.rng
        if len(self.active) < rng.choice((1, 2, 2, 3)) and rng.random() < 0.5:
            title, area, steps = rng.choice(GOALS)
            self.tries[title] = self.tries.get(title, 0) + 1
            goal = plan.add_goal(
                title if self.tries[title] == 1 else f"{title}, try {self.tries[title]}",
                area=area,
                steps=list(steps),
                dream=rng.randint(1, self.dreams) if rng.random() < 0.6 else None,
                due=(day + dt.timedelta(weeks=rng.randint(4, 16))).isoformat(),
                support=rng.choice(SUPPORT),
                base=day,
            )
            self.active[goal["number"]] = [0, week + rng.randint(6, 24), len(steps)]
        for number, state in list(self.active.items()):
            if rng.random() < 0.2:
                continue  # not talked about this week
            state[0] = max(0, min(4, state[0] + rng.choice((-1, 0, 0, 1, 1))))
            note = self.note() if rng.random() < 0.65 else None
            plan.check_in(number, state[0], note=note, on=day, base=self.today)
            if state[2] and rng.random() < 0.15:
                steps = plan.goal(number)["steps"]
                plan.complete_step(number, len(steps) - state[2] + 1, on=day, base=self.today)
                state[2] -= 1
            if week >= state[1]:
                status = rng.choice(("reached", "reached", "reached", "paused", "let-go"))
                plan.set_goal_status(number, status, note=self.note(), voice="client", base=day)
                del self.active[number]

    # The ladder ----------------------------------------------------------------------------

    def start_ladder(self) -> None:
        for name in self.rng.sample(AREAS, self.rng.randint(3, 5)):
            area = self.plan.add_area(
                name, step=self.rng.randint(1, 3), on=self.start, base=self.today
            )
            self.areas.append(area["number"])

    def ladder_move(self, day: dt.date) -> None:
        number = self.rng.choice(self.areas)
        step = self.plan.area(number)["step"]
        up = step < 5 and (step == 1 or self.rng.random() < 0.75)
        move = self.plan.step_up if up else self.plan.step_back
        move(number, note=self.rng.choice(LADDER_NOTES), on=day, base=self.today)

    # Basic needs ---------------------------------------------------------------------------

    def start_needs(self) -> None:
        for item in self.plan.needs():
            self.plan.rate_need(
                item["number"],
                client_says=self.rng.choice(RATINGS),
                worker_says=self.rng.choice(RATINGS),
                base=self.start,
            )

    def needs_change(self, day: dt.date) -> None:
        item = self.rng.choice(self.plan.needs())
        if item.get("action") and not item.get("action_done"):
            self.plan.rate_need(item["number"], action_done=True, base=day)
        elif self.rng.random() < 0.5:
            self.plan.rate_need(
                item["number"],
                action=self.rng.choice(ACTIONS),
                who=self.rng.choice(WORKERS),
                due=(day + dt.timedelta(weeks=2)).isoformat(),
                base=day,
            )
        else:
            self.plan.rate_need(
                item["number"],
                client_says=self.rng.choice(RATINGS),
                worker_says=self.rng.choice(RATINGS),
                base=day,
            )

    # The crisis plan -----------------------------------------------------------------------

    def crisis_plan(self) -> None:
        """Most clients have one, gone through some day in the last nine months: those gone
        through more than six months ago are due."""
        plan, rng = self.plan, self.crisis_rng
        if rng.random() < 0.2:
            return
        for sign, action in rng.sample(SIGNS, rng.randint(1, 3)):
            plan.add_to_crisis("sign", sign, action=action)
        for words in rng.sample(HELPS, rng.randint(1, 3)):
            plan.add_to_crisis("helps", words)
        for name in rng.sample(FIRST_NAMES, rng.randint(1, 2)):
            phone = f"1{rng.randrange(10)}{rng.randrange(10)} {rng.randrange(10, 100)} "
            phone += f"{rng.randrange(100, 1000)}"  # no Norwegian number starts with 1
            plan.add_to_crisis("contact", name, relation=rng.choice(RELATIONS), phone=phone)
        gone_through = self.today - dt.timedelta(days=rng.randrange(270))
        plan.crisis_reviewed(max(gone_through, self.start), base=self.today)

    def individual_plan(self) -> None:
        """The plan period from the first week, three years long; the coordinator, the GP and
        sometimes NAV; home visits; a revision some day in the last nine months, so those
        revised more than six months ago are due. Its own sequence, as the crisis plan's."""
        plan, rng = self.plan, random.Random(f"{self.crisis_rng.random()}:plan")
        plan.set_plan_period(
            start=self.start, end=dates.months_after(self.start, 36), base=self.today
        )
        coordinator = plan.client["coordinator"] or WORKERS[0]
        plan.add_participant(coordinator, role="contact person", coordinator=True)
        plan.add_participant(f"Dr. {rng.choice(DOCTORS)}", role="GP")
        if rng.random() < 0.5:
            plan.add_participant(rng.choice(WORKERS), role="NAV adviser", organisation="NAV")
        plan.add_measure("Home visits", responsible=1, extent=rng.choice(VISITS),
                         start=self.start, base=self.today)  # fmt: skip
        revised = self.today - dt.timedelta(days=rng.randrange(270))
        plan.plan_revised(max(revised, self.start), present=[1, 2], base=self.today)

    # Weekly reviews ------------------------------------------------------------------------

    def review(self, day: dt.date) -> None:
        plan, rng = self.plan, self.rng
        key = dates.week_key(day)
        if self.last_review is not None and self.last_review[0] != key:
            earlier, agreed = self.last_review
            for number in range(1, agreed + 1):
                if rng.random() < 0.6:
                    plan.set_agreed_step(earlier, number, done=day, base=self.today)
        agree = rng.sample(AGREED, rng.randint(0, 3))
        plan.record_review(
            key,
            words=self.note(WEEK_WORDS) if rng.random() < 0.7 else None,
            hope=rng.randint(2, 8) if rng.random() < 0.9 else None,
            agree=agree,
            signs=self.noticed(),
            stage="done",
            on=day,
            base=self.today,
        )
        if agree:
            self.last_review = (key, len(agree))

    def noticed(self) -> list[int]:
        """Now and then, one of the crisis plan's signs was noticed that week."""
        signs = self.plan.crisis()["signs"]
        if not signs or self.crisis_rng.random() > 0.1:
            return []
        return [self.crisis_rng.choice(signs)["number"]]


SIGNS = (
    ("I stop opening the post", "Tell my contact the same week"),
    ("I sleep in the day and sit up all night", "Bed at eleven, radio on low"),
    ("I stop eating proper meals", "Eat soup, and say so at the next visit"),
    ("I keep the curtains shut all day", "Call someone on the list"),
    ("I stop answering the phone", "Send one text, even a short one"),
)
HELPS = (
    "A walk by the water",
    "Music on my headphones",
    "Coffee with a neighbour",
    "A shower and clean clothes",
    "Talking to my sister",
)
RELATIONS = ("sister", "brother", "friend", "neighbour", "my contact at the municipality")
