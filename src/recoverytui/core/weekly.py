"""The weekly progress sheet as data: one client's week, built from the plan, no I/O.

A week is an ISO week keyed by ISO year (2024-12-30 is in 2025-W01); an entry belongs to the
week its date falls in. An earlier week is shown as it stood at the end of that week: goal
statuses, steps, ladder steps and need ratings are read back from their histories, and
nothing dated after the week counts. A dream written down after the week is left out; a
dream's status has no dated history, so it is given on the current week's sheet only and
left unsaid on an earlier one, rather than today's status shown as then; nor has the dream a
goal serves, so a goal names its dream only on a sheet that lists it. A week before the plan
began (`plan_began`) has no sheet. The renderers in `recoverytui.report` only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.needs import is_open
from recoverytui.core.reviews import latest_agreed

Doc = dict[str, Any]
CHART_WEEKS = 8
REACHED_SHOWN = 5


@dataclass(frozen=True)
class Words:
    """Someone's words, and whose they are (client, worker or together)."""

    text: str
    voice: str


@dataclass(frozen=True)
class Header:
    name: str
    coordinator: str | None
    handle: str
    week: str  # 2026-W48
    week_words: str  # Week 48, 23–29 November 2026
    monday: dt.date
    sunday: dt.date
    printed: dt.date
    # The individual plan's period and next revision, as stored when printed: like the
    # coordinator, they have no dated history to read an earlier week back from.
    plan_start: dt.date | None = None
    plan_end: dt.date | None = None
    revise_by: dt.date | None = None
    # Who prints the sheet and signs it with the client: the worker the change history
    # names (`recovery worker`), when known.
    worker: str | None = None


@dataclass(frozen=True)
class Dream:
    number: int
    text: str
    status: str | None  # None on an earlier week's sheet: there is no dated history of it
    voice: str


@dataclass(frozen=True)
class CheckIn:
    date: dt.date
    progress: int
    note: Words | None


@dataclass(frozen=True)
class Step:
    number: int
    text: str
    done: dt.date | None
    voice: str


@dataclass(frozen=True)
class WeekValue:
    """One week of a chart: its key and a number, or None when nothing was recorded."""

    week: str
    value: int | None


@dataclass(frozen=True)
class GoalWeek:
    number: int
    title: str
    due: dt.date | None
    dream: int | None
    area: str | None
    support: str | None
    checkins: list[CheckIn]
    steps_done_this_week: list[Step]
    steps_done_before: list[Step]
    steps_open: list[Step]
    progress: list[WeekValue]  # the last eight weeks, oldest first: the best progress in each


@dataclass(frozen=True)
class ReachedGoal:
    number: int
    title: str
    reached: dt.date
    this_week: bool
    note: Words | None
    checkins: list[CheckIn] = field(default_factory=list)  # this week's: kept up, or on the way


@dataclass(frozen=True)
class SetAside:
    """A goal paused ("paused") or let go ("let-go") during the week, with the words said;
    or earlier, when it has a check-in in the week."""

    number: int
    title: str
    status: str
    date: dt.date
    note: Words | None
    checkins: list[CheckIn] = field(default_factory=list)  # this week's


@dataclass(frozen=True)
class Move:
    date: dt.date
    move: str  # start, up or back
    from_step: int | None
    to_step: int
    note: Words | None


@dataclass(frozen=True)
class AreaWeek:
    number: int
    name: str
    step: int
    next: str | None
    ready_when: str | None
    moves: list[Move]  # this week's, oldest first


@dataclass(frozen=True)
class OpenNeed:
    number: int
    name: str
    domain: str
    domain_title: str
    client_rating: str
    worker_rating: str
    action: str | None
    who: str | None
    due: dt.date | None


@dataclass(frozen=True)
class AgreedStep:
    number: int
    text: str
    voice: str
    done: dt.date | None


@dataclass(frozen=True)
class WeekReport:
    header: Header
    dreams: list[Dream] = field(default_factory=list)
    goals: list[GoalWeek] = field(default_factory=list)
    # Reached this week or checked in on this week first, then the newest.
    reached: list[ReachedGoal] = field(default_factory=list)
    reached_before: int = 0  # reached goals older than those listed, counted only
    set_aside: list[SetAside] = field(default_factory=list)  # paused or let go, this week's news
    areas: list[AreaWeek] = field(default_factory=list)
    needs: list[OpenNeed] = field(default_factory=list)
    needs_rated: bool = False  # any need rated, or an action agreed, by the end of the week
    next_steps: list[AgreedStep] = field(default_factory=list)  # agreed in this week's review
    last_steps: list[AgreedStep] = field(default_factory=list)  # what this week started from
    last_steps_week: str | None = None
    review_held: dt.date | None = None
    words: Words | None = None
    hope: int | None = None
    hopes: list[WeekValue] = field(default_factory=list)  # hope 0–10 over the last eight weeks


class BeforePlan(InvalidInput):
    """A week that ended before the plan began: there is no sheet for it. `began` is the day
    the plan began; the week it falls in is the first that can be printed."""

    def __init__(self, message: str, *, began: dt.date | None = None) -> None:
        super().__init__(message)
        self.began = began


def build_week_report(
    plan: Any, week: str, *, today: dt.date, worker: str | None = None
) -> WeekReport:
    """The week `week` (2026-W48) of the plan, as it stood at the end of that week.

    `plan` is a core Plan inside an open transaction; `worker` is the name the change history
    records for the worker (Store.worker_name), who signs the sheet. A week that has not
    begun is refused: there is nothing to show for it yet; so is one that ended before the
    plan began (BeforePlan), which would be a blank sheet to sign."""
    monday, sunday = dates.week_bounds(week)
    week = dates.week_key(monday)  # the canonical key, whatever form came in
    if monday > today:
        raise InvalidInput(
            _("{week} has not begun yet; a week can be printed from its Monday, {monday}.").format(
                week=week, monday=monday.isoformat()
            )
        )
    end = sunday.isoformat()
    chart_weeks = [dates.week_key(monday - dt.timedelta(weeks=n)) for n in range(CHART_WEEKS)][::-1]
    client = plan.client
    whole = plan.whole()
    began = plan_began(whole, today)
    if sunday < began:
        raise BeforePlan(
            _(
                "{week} is before this plan began on {day}, so there is no sheet for it. "
                "The first week that can be printed is {first}, the week the plan began."
            ).format(week=week, day=dates.day_in_words(began), first=dates.week_key(began)),
            began=began,
        )
    # A week's review may be held after the week; it still belongs to that week.
    reviews = [r for r in whole["reviews"] if r["week"] <= week]
    review = next((r for r in reviews if r["week"] == week), None)
    last_steps, last_week = latest_agreed(reviews, week)
    hopes = {r["week"]: r.get("hope") for r in reviews}
    header = Header(
        name=client["name"],
        coordinator=client.get("coordinator"),
        handle=client["handle"],
        week=week,
        week_words=dates.week_in_words(week),
        monday=monday,
        sunday=sunday,
        printed=today,
        plan_start=dates.iso_date(client.get("plan_start")),
        plan_end=dates.iso_date(client.get("plan_end")),
        revise_by=dates.iso_date(client.get("revise_by")),
        # "unknown" is what the history says when it has no name: the sheet leaves it blank.
        worker=worker if worker and worker != "unknown" else None,
    )
    dreams = _dreams(whole["dreams"], end, current=week == dates.week_key(today))
    goals, reached, set_aside = _goals(whole, week, end, chart_weeks, {d.number for d in dreams})
    # A weekly sheet shows what is new: every goal reached or checked in on this week, and
    # the newest others up to REACHED_SHOWN; the rest are counted, so years of goals don't
    # crowd the page.
    shown = max(REACHED_SHOWN, sum(_news(r) for r in reached))
    needs, needs_rated = _needs(whole, end)
    return WeekReport(
        header=header,
        dreams=dreams,
        goals=goals,
        reached=reached[:shown],
        reached_before=len(reached[shown:]),
        set_aside=set_aside,
        areas=_areas(whole["areas"], week, end),
        needs=needs,
        needs_rated=needs_rated,
        next_steps=_agreed(review["agreed"] if review else [], end),
        last_steps=_agreed(last_steps, end),
        last_steps_week=last_week,
        review_held=dates.iso_date(review["held"]) if review else None,
        words=_words(review.get("words"), review["voice"]) if review else None,
        hope=review.get("hope") if review else None,
        hopes=[WeekValue(key, hopes.get(key)) for key in chart_weeks],
    )


def check_any_began(week: str, refusals: list[BeforePlan], clients: int) -> None:
    """For a sheet for every client (the team meeting): those whose plan began after the week
    are left out, each said apart; when that is every client, nothing is printed, and the
    first week any of them can be printed is said."""
    if not refusals or len(refusals) < clients:
        return
    first = min(refused.began or dt.date.max for refused in refusals)
    raise InvalidInput(
        _(
            "{week} is before every client's plan began, so nothing was written. "
            "The first week that can be printed for any of them is {first}."
        ).format(week=week, first=dates.week_key(first))
    )


def plan_began(whole: Doc, today: dt.date) -> dt.date:
    """The day the plan began: the earliest of the day the client was added, the start of
    the individual plan's period, and the first day anything a sheet shows is dated (records
    from paper may be older than the client here). Never after today: a time stamp from a
    clock set ahead does not take the current week's sheet away."""
    client = whole["client"]
    days = [today.isoformat(), _local_date(client["created"])]
    if client.get("plan_start"):
        days.append(client["plan_start"])
    days += [_local_date(d["created"]) for d in whole["dreams"] if d.get("created")]
    for goal in whole["goals"]:
        days += [entry["date"] for entry in goal["history"]]
        days += [step["done"] for step in goal["steps"] if step.get("done")]
    days += [checkin["date"] for checkin in whole["checkins"]]
    days += [entry["date"] for area in whole["areas"] for entry in area["history"]]
    days += [change["date"] for item in whole["needs"] for change in item["history"]]
    for review in whole["reviews"]:
        # A week's review may be held after the week; it belongs to that week all the same.
        days.append(dates.week_bounds(review["week"])[0].isoformat())
    return dt.date.fromisoformat(min(days))


def _dreams(dreams: list[Doc], end: str, *, current: bool) -> list[Dream]:
    """The dreams written down by the end of the week. Their status is today's, so it is
    given only on the current week's sheet."""
    return [
        Dream(d["number"], d["text"], d["status"] if current else None, d["voice"])
        for d in dreams
        if not d.get("created") or _local_date(d["created"]) <= end
    ]


def _local_date(stamp: str) -> str:
    """The day of an ISO timestamp (2026-11-27T10:00:00+01:00), where it was made."""
    return stamp[:10]


# Goals -----------------------------------------------------------------------------------


def _goals(
    whole: Doc, week: str, end: str, chart_weeks: list[str], dreams: set[int]
) -> tuple[list[GoalWeek], list[ReachedGoal], list[SetAside]]:
    by_goal: dict[str, list[Doc]] = {}
    for checkin in whole["checkins"]:
        if checkin["date"] <= end:
            by_goal.setdefault(checkin["goal_id"], []).append(checkin)
    active: list[GoalWeek] = []
    reached: list[ReachedGoal] = []
    set_aside: list[SetAside] = []
    for goal in whole["goals"]:
        history = [entry for entry in goal["history"] if entry["date"] <= end]
        checkins = by_goal.get(goal["id"], [])
        if not history and not checkins:
            continue  # entered after this week, with nothing recorded in it
        status = history[-1]["status"] if history else "active"
        if status == "active":
            active.append(_goal_week(goal, checkins, week, end, chart_weeks, dreams))
        elif status == "reached":
            reached.append(_reached(goal, history, week, _this_week(checkins, week)))
        elif status in ("paused", "let-go"):
            aside = _set_aside(goal, history, week, _this_week(checkins, week))
            if aside:
                set_aside.append(aside)
    reached.sort(key=lambda r: (not _news(r), -r.reached.toordinal(), r.number))
    set_aside.sort(key=lambda a: (a.date, a.number))
    return active, reached, set_aside


def _this_week(checkins: list[Doc], week: str) -> list[CheckIn]:
    return [
        CheckIn(dt.date.fromisoformat(c["date"]), c["progress"], _words(c.get("note"), c["voice"]))
        for c in checkins
        if dates.week_key(dt.date.fromisoformat(c["date"])) == week
    ]


def _news(reached: ReachedGoal) -> bool:
    return reached.this_week or bool(reached.checkins)


def _set_aside(
    goal: Doc, history: list[Doc], week: str, checkins: list[CheckIn]
) -> SetAside | None:
    """A goal paused or let go during the week, with the words said then (the newest that
    week). One set aside earlier is on the sheet only with a check-in made in the week."""
    status = history[-1]["status"]
    start = len(history) - 1
    while start > 0 and history[start - 1]["status"] == status:
        start -= 1
    day = dt.date.fromisoformat(history[start]["date"])
    if dates.week_key(day) != week and not checkins:
        return None
    said = [
        entry
        for entry in history[start:]
        if entry.get("note") and dates.week_key(dt.date.fromisoformat(entry["date"])) == week
    ]
    note = _words(said[-1]["note"], said[-1].get("voice") or "together") if said else None
    return SetAside(goal["number"], goal["title"], status, day, note, checkins)


def _goal_week(
    goal: Doc, checkins: list[Doc], week: str, end: str, chart_weeks: list[str], dreams: set[int]
) -> GoalWeek:
    done_now, done_before, still_open = [], [], []
    for raw in goal["steps"]:
        done = raw["done"] if raw.get("done") and raw["done"] <= end else None
        step = Step(raw["number"], raw["text"], dates.iso_date(done), raw["voice"])
        if step.done is None:
            still_open.append(step)
        elif dates.week_key(step.done) == week:
            done_now.append(step)
        else:
            done_before.append(step)
    best: dict[str, int] = {}
    for checkin in checkins:
        key = dates.week_key(dt.date.fromisoformat(checkin["date"]))
        best[key] = max(best.get(key, 0), checkin["progress"])
    return GoalWeek(
        number=goal["number"],
        title=goal["title"],
        due=dates.iso_date(goal.get("due")),
        # The dream a goal serves has no dated history: one not yet written down that week
        # is not named, as if it had been.
        dream=goal.get("dream") if goal.get("dream") in dreams else None,
        area=goal.get("area"),
        support=goal.get("support"),
        checkins=_this_week(checkins, week),
        steps_done_this_week=done_now,
        steps_done_before=done_before,
        steps_open=still_open,
        progress=[WeekValue(key, best.get(key)) for key in chart_weeks],
    )


def _reached(goal: Doc, history: list[Doc], week: str, checkins: list[CheckIn]) -> ReachedGoal:
    # The day it became reached: the first entry of the last run of "reached" entries.
    start = len(history) - 1
    while start > 0 and history[start - 1]["status"] == "reached":
        start -= 1
    entry = history[start]
    day = dt.date.fromisoformat(entry["date"])
    return ReachedGoal(
        number=goal["number"],
        title=goal["title"],
        reached=day,
        this_week=dates.week_key(day) == week,
        note=_words(entry.get("note"), entry.get("voice") or "together"),
        checkins=checkins,
    )


# The ladder ------------------------------------------------------------------------------


def _areas(areas: list[Doc], week: str, end: str) -> list[AreaWeek]:
    shown = []
    for area in areas:
        before = [entry for entry in area["history"] if entry["date"] <= end]
        moves = [entry for entry in before if entry["move"] in ("start", "up", "back")]
        if not moves:
            continue  # put on the ladder after this week
        next_step, ready_when = _agreement(area, before)
        shown.append(
            AreaWeek(
                number=area["number"],
                name=area["name"],
                step=moves[-1]["to"],
                next=next_step,
                ready_when=ready_when,
                moves=[
                    Move(
                        date=dt.date.fromisoformat(m["date"]),
                        move=m["move"],
                        from_step=m.get("from"),
                        to_step=m["to"],
                        note=_words(m.get("note"), m.get("voice") or "together"),
                    )
                    for m in moves
                    if dates.week_key(dt.date.fromisoformat(m["date"])) == week
                ],
            )
        )
    return shown


def _agreement(area: Doc, before: list[Doc]) -> tuple[str | None, str | None]:
    """The agreed next step and its sign as they stood at the end of the week.

    A move keeps the agreement in force when it was made, and an `agree` entry the one it
    made; so the first move after the week, or else the last agreement within it, tells.
    When neither does (an agreement was made at a move, or only later), none is shown
    rather than a later one."""
    after = area["history"][len(before) :]
    if not after:
        return area.get("next"), area.get("ready_when")
    if after[0]["move"] in ("up", "back"):
        return after[0].get("next"), after[0].get("ready_when")
    if before and before[-1]["move"] == "agree":
        return before[-1].get("next"), before[-1].get("ready_when")
    return None, None


# Basic needs -----------------------------------------------------------------------------


def _needs(whole: Doc, end: str) -> tuple[list[OpenNeed], bool]:
    """The open needs, and whether any need had been rated (or an action agreed) by then:
    with none, "nothing open" would claim more than is known."""
    titles: dict[str, str] = {domain["key"]: domain["title"] for domain in whole["domains"]}
    shown = []
    rated = False
    for item in whole["needs"]:
        state = dict(item)
        # Undo, newest first, every change made after the week. An item added later starts
        # unrated with no action, so it is not open then.
        for change in reversed(item["history"]):
            if change["date"] > end:
                state[change["field"]] = change["from"]
        rated = rated or bool(
            {state["client_rating"], state["worker_rating"]} - {"unknown"} or state.get("action")
        )
        if not is_open(state):
            continue
        domain: str = state["domain"]
        shown.append(
            OpenNeed(
                number=state["number"],
                name=state["name"],
                domain=domain,
                domain_title=titles.get(domain, domain),
                client_rating=state["client_rating"],
                worker_rating=state["worker_rating"],
                action=state.get("action") if not state.get("action_done") else None,
                who=state.get("who") if not state.get("action_done") else None,
                due=dates.iso_date(state.get("due")) if not state.get("action_done") else None,
            )
        )
    # Agreed actions first, soonest due first; then needs still unmet with nothing agreed.
    shown.sort(key=lambda n: (n.action is None, n.due or dt.date.max, n.number))
    return shown, rated


# The weekly review -----------------------------------------------------------------------


def _agreed(steps: list[Doc], end: str) -> list[AgreedStep]:
    return [
        AgreedStep(
            number=step["number"],
            text=step["text"],
            voice=step.get("voice") or "together",
            done=dates.iso_date(step["done"]) if step.get("done") and step["done"] <= end else None,
        )
        for step in steps
    ]


def _words(text: str | None, voice: str) -> Words | None:
    return Words(text, voice) if text else None
