"""The words of the weekly sheet, shared by every format, so Markdown, text and PDF say the
same thing. Each sentence goes through _() whole; user text is put into it afterwards."""

from __future__ import annotations

import datetime as dt

from recoverytui.core.documents import progress_words, rating_words, step_words, voice_words
from recoverytui.core.i18n import _, language, ngettext
from recoverytui.core.weekly import (
    AgreedStep,
    AreaWeek,
    GoalWeek,
    Move,
    OpenNeed,
    WeekReport,
    WeekValue,
)

SPARK = "▁▂▄▆█"  # progress 0–4 as a bar in text; the PDF draws real bars
WRITING_LINES = 4
WRITING_LINE = "." * 72  # dots, not underscores: nothing Markdown would read as syntax


def day(date: dt.date, report: WeekReport) -> str:
    """'Wed 25 Nov' in the printed year, '9 Oct 2025' in another."""
    import pendulum

    when = pendulum.date(date.year, date.month, date.day)
    if date.year == report.header.sunday.year:
        return when.format(_("ddd D MMM"), locale=language())
    return when.format(_("D MMM YYYY"), locale=language())


def long_day(date: dt.date) -> str:
    import pendulum

    when = pendulum.date(date.year, date.month, date.day)
    return when.format(_("D MMMM YYYY"), locale=language())


def medium_day(date: dt.date) -> str:
    """'11 Sep 2026': a day of the plan's period, whatever year the sheet is for."""
    import pendulum

    when = pendulum.date(date.year, date.month, date.day)
    return when.format(_("D MMM YYYY"), locale=language())


def plan_period(start: dt.date | None, end: dt.date | None) -> str | None:
    """The individual plan's period, or as much of it as is set; None when none is."""
    if start and end:
        return _("Plan period {start} – {end}").format(start=medium_day(start), end=medium_day(end))
    if start:
        return _("Plan period from {start}").format(start=medium_day(start))
    if end:
        return _("Plan period until {end}").format(end=medium_day(end))
    return None


def next_revision(revise_by: dt.date) -> str:
    return _("Next revision by {date}").format(date=medium_day(revise_by))


def plan_dates(start: dt.date | None, end: dt.date | None, revise_by: dt.date | None) -> list[str]:
    """The plan period and the next revision, each a line, for the sheets' headers: nothing
    of what isn't set."""
    period = plan_period(start, end)
    return [*([period] if period else []), *([next_revision(revise_by)] if revise_by else [])]


def header_plan(report: WeekReport) -> list[str]:
    header = report.header
    return plan_dates(header.plan_start, header.plan_end, header.revise_by)


def title(report: WeekReport) -> str:
    return _("Weekly progress: {name}").format(name=report.header.name)


def coordinator(report: WeekReport) -> str:
    return _("Coordinator: {name}").format(name=report.header.coordinator or "-")


def printed(report: WeekReport) -> str:
    return _("Printed {date}").format(date=long_day(report.header.printed))


def whose(voice: str) -> str:
    return voice_words(voice)


def dream_status(status: str) -> str:
    return {
        "held": _("held"),
        "growing": _("growing"),
        "reached": _("reached!"),
        "resting": _("resting for now"),
    }.get(status, status)


def progress(value: int) -> str:
    return _("{value} of 4, {words}").format(value=value, words=progress_words(value))


def week_number(key: str) -> str:
    return str(int(key.split("W")[1]))


def chart(label: str, values: list[WeekValue]) -> str:
    """A chart said in words, for a screen reader: what it shows, and each week's value."""
    weeks = [
        _("week {week}: nothing recorded").format(week=week_number(v.week))
        if v.value is None
        else _("week {week}: {value}").format(week=week_number(v.week), value=v.value)
        for v in values
    ]
    return _("{chart}: {weeks}.").format(chart=label, weeks="; ".join(weeks))


def step_done(step_text: str, done: dt.date | None, report: WeekReport, *, this_week: bool) -> str:
    if done is None:
        return step_text
    if this_week:
        return _("{step}: done this week, {date}").format(step=step_text, date=day(done, report))
    return _("{step}: done {date}").format(step=step_text, date=day(done, report))


def ladder_step(area: AreaWeek) -> str:
    return _("Step {step} of 5: {words}").format(step=area.step, words=step_words(area.step))


def ladder_picture(step: int) -> str:
    """Filled and open marks, so the step reads without colour."""
    return "■" * step + "□" * (5 - step)


def move(entry: Move, report: WeekReport) -> str:
    when = day(entry.date, report)
    if entry.move == "up":
        text = _("{date}: a step up, from {old} to {new}")
    elif entry.move == "back":
        text = _("{date}: a step back, from {old} to {new}")
    else:
        text = _("{date}: started on step {new}")
    return text.format(date=when, old=entry.from_step, new=entry.to_step)


def need_ratings(need: OpenNeed) -> tuple[str, str]:
    return rating_words(need.client_rating), rating_words(need.worker_rating)


def need_action(need: OpenNeed) -> str:
    if not need.action:
        return _("nothing agreed yet")
    if need.who:
        return _("{who}: {action}").format(who=need.who, action=need.action)
    return need.action


def need_due(need: OpenNeed, report: WeekReport) -> str:
    return day(need.due, report) if need.due else "-"


def agreed_mark(step: AgreedStep) -> str:
    return "[x]" if step.done else "[ ]"


def last_step(step: AgreedStep, report: WeekReport) -> str:
    if step.done:
        return _("{step} (done {date})").format(step=step.text, date=day(step.done, report))
    return _("{step} (not done yet)").format(step=step.text)


def hope(value: int) -> str:
    return _("Hope for the future: {hope} of 10").format(hope=value)


def goal_details(goal: GoalWeek, report: WeekReport) -> list[str]:
    """Due, life area, support and dream, each a short phrase."""
    due = day(goal.due, report) if goal.due else None
    return goal_phrases(due, goal.area, goal.support, goal.dream)


def goal_phrases(
    due: str | None, area: str | None, support: str | None, dream: int | None
) -> list[str]:
    """A goal's due day (in words already), life area, support and dream, each a phrase."""
    details = []
    if due:
        details.append(_("due {date}").format(date=due))
    if area:
        details.append(_("life area: {area}").format(area=area))
    if support:
        details.append(_("support: {who}").format(who=support))
    if dream:
        details.append(_("for dream {number}").format(number=dream))
    return details


def signers(report: WeekReport) -> list[list[str]]:
    """Who signs, a list of lines for each: the client, and the worker who printed the sheet
    with the client's coordinator beside them when that is someone else."""
    header = report.header
    client = [_("Client: {name}").format(name=header.name)]
    worker, coordinator = header.worker, header.coordinator
    if worker and coordinator and worker.casefold() == coordinator.casefold():
        return [client, [_("Worker and coordinator: {name}").format(name=worker)]]
    lines = [_("Worker: {name}").format(name=worker) if worker else _("Worker")]
    if coordinator:
        lines.append(_("Coordinator: {name}").format(name=coordinator))
    return [client, lines]


def more_in_plan(count: int) -> str:
    """Under a list the sheet shows only part of, so it keeps to two pages."""
    return ngettext(
        "… and {n} more in the full plan", "… and {n} more in the full plan", count
    ).format(n=count)


def signature(who: str) -> str:
    return _("{who}    signature ..............................    date ..............").format(
        who=who
    )


def reached_before(count: int) -> str:
    return ngettext(
        "And {n} more goal reached before.", "And {n} more goals reached before.", count
    ).format(n=count)


def set_aside_heading(status: str) -> str:
    return _("Resting for now") if status == "paused" else _("Let go")


def set_aside(title: str, date: dt.date, status: str, report: WeekReport) -> str:
    when = day(date, report)
    if status == "paused":
        return _("{title}, resting since {date}").format(title=title, date=when)
    return _("{title}, let go {date}").format(title=title, date=when)


def no_open_needs(report: WeekReport) -> str:
    """Under "Basic needs still open" when none is: nothing open only once they were rated."""
    if report.needs_rated:
        return _("Nothing open.")
    return _("The basic needs haven't been rated yet.")
