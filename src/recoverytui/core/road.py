"""The road so far, week by week: hope from the weekly reviews, each goal's check-ins and each
ladder area's step, as series the overview draws, with the words that say the same thing to
anyone who can't see the picture. No I/O; the plan comes in whole (Plan.whole())."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from recoverytui.core.dates import week_bounds, week_key
from recoverytui.core.documents import progress_words
from recoverytui.core.i18n import _, ngettext

Doc = dict[str, Any]

WEEKS = 12  # about three months


@dataclass(frozen=True)
class Series:
    """One row of the picture: a value per week, oldest first; None where nothing was noted."""

    label: str
    values: tuple[int | None, ...]
    low: int  # the scale the row is drawn on
    high: int
    words: str  # the same row in words

    @property
    def noted(self) -> list[int]:
        return [value for value in self.values if value is not None]


@dataclass(frozen=True)
class Road:
    weeks: tuple[str, ...]  # ISO week keys, oldest first, this week last
    hope: Series
    goals: tuple[Series, ...]  # active goals
    areas: tuple[Series, ...]  # the ladder's areas


def last_weeks(today: dt.date, count: int = WEEKS) -> tuple[str, ...]:
    return tuple(week_key(today - dt.timedelta(weeks=back)) for back in range(count - 1, -1, -1))


def best_per_week(checkins: list[Doc]) -> dict[str, int]:
    """A goal's progress per week: the highest check-in that week."""
    best: dict[str, int] = {}
    for checkin in checkins:
        key = week_key(dt.date.fromisoformat(checkin["date"]))
        best[key] = max(best.get(key, 0), checkin["progress"])
    return best


def road(whole: Doc, today: dt.date, count: int = WEEKS) -> Road:
    weeks = last_weeks(today, count)
    return Road(
        weeks=weeks,
        hope=hope_series(whole, weeks),
        goals=tuple(goal_series(whole, weeks)),
        areas=tuple(area_series(whole, weeks)),
    )


def hope_series(whole: Doc, weeks: tuple[str, ...]) -> Series:
    hope = {r["week"]: r["hope"] for r in whole.get("reviews", []) if r.get("hope") is not None}
    values = tuple(hope.get(week) for week in weeks)
    return Series(_("Hope 0–10"), values, 0, 10, _hope_words(values))


def _hope_words(values: tuple[int | None, ...]) -> str:
    noted = [(at, value) for at, value in enumerate(values) if value is not None]
    if not noted:
        return _("No hope rating yet: the weekly review asks for one.")
    if len(noted) == 1:
        return _("{value} of 10, one review so far").format(value=noted[0][1])
    (first_at, first), (last_at, last) = noted[0], noted[-1]
    span = last_at - first_at + 1
    numbers = [value for _at, value in noted]
    said = ngettext(
        "{first} → {last} over {weeks} week", "{first} → {last} over {weeks} weeks", span
    )
    said = said.format(first=first, last=last, weeks=span)
    if min(numbers) < min(first, last) or max(numbers) > max(first, last):
        said += _(", between {low} and {high}").format(low=min(numbers), high=max(numbers))
    return said + _(", latest {value}").format(value=last)


def goal_series(whole: Doc, weeks: tuple[str, ...]) -> list[Series]:
    """Each active goal's best check-in per week (progress 0–4)."""
    checkins: dict[str, list[Doc]] = {}
    for checkin in whole.get("checkins", []):
        checkins.setdefault(checkin["goal_id"], []).append(checkin)
    rows = []
    for goal in whole.get("goals", []):
        if goal["status"] != "active":
            continue
        per_week = best_per_week(checkins.get(goal["id"], []))
        values = tuple(per_week.get(week) for week in weeks)
        rows.append(Series(goal["title"], values, 0, 4, _goal_words(values, len(weeks))))
    return rows


def _goal_words(values: tuple[int | None, ...], count: int) -> str:
    noted = [value for value in values if value is not None]
    if not noted:
        return ngettext(
            "no check-in in the last {count} week", "no check-in in the last {count} weeks", count
        ).format(count=count)
    said = ngettext("in {weeks} of {count} week", "in {weeks} of {count} weeks", count).format(
        weeks=len(noted), count=count
    )
    return said + _(", latest {value} ({words})").format(
        value=noted[-1], words=progress_words(noted[-1])
    )


def area_series(whole: Doc, weeks: tuple[str, ...]) -> list[Series]:
    """Each area's step at the end of each week, from its moves; None before it was on the
    ladder. A step back is a value like any other."""
    rows = []
    for area in whole.get("areas", []):
        history = sorted(area.get("history", []), key=lambda move: move["date"])
        values = tuple(_step_on(history, week_bounds(week)[1]) for week in weeks)
        rows.append(Series(area["name"], values, 1, 5, _area_words(values, area["step"])))
    return rows


def _step_on(history: list[Doc], day: dt.date) -> int | None:
    step = None
    for move in history:
        if dt.date.fromisoformat(move["date"]) > day:
            break
        step = move["to"]
    return step


def _area_words(values: tuple[int | None, ...], now: int) -> str:
    """The steps in the order they came, a step back like any other: "step 2 → 3 → 2"."""
    steps: list[int] = []
    for value in (*values, now):
        if value is not None and (not steps or steps[-1] != value):
            steps.append(value)
    if len(steps) == 1:
        return _("step {step} all along").format(step=now)
    return _("step {steps}").format(steps=" → ".join(str(step) for step in steps[-5:]))
