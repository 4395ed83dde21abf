"""Human-readable views of a plan for the terminal: compact, aligned, user text verbatim."""

from __future__ import annotations

from typing import Any

from recoverytui.cli.common import echo, table
from recoverytui.core import dates
from recoverytui.core.documents import progress_words, status_words
from recoverytui.core.i18n import _

Doc = dict[str, Any]
SPARK = "▁▂▄▆█"


def due_words(goal: Doc) -> str:
    if not goal.get("due"):
        return "-"
    day = dates.iso_date(goal["due"])
    assert day is not None
    return f"{day.isoformat()} ({dates.humanize(day)})"


def steps_done(goal: Doc) -> str:
    steps = goal.get("steps", [])
    if not steps:
        return "-"
    return f"{sum(1 for step in steps if step.get('done'))}/{len(steps)}"


def progress_line(checkins: list[Doc]) -> str:
    """The last few check-ins as a small bar chart, then the latest in words."""
    if not checkins:
        return "-"
    latest = checkins[-1]
    bars = "".join(SPARK[c["progress"]] for c in checkins[-8:])
    return f"{bars} {latest['progress']} {progress_words(latest['progress'])}"


def goals_table(goals: list[Doc], checkins: list[Doc]) -> None:
    by_goal: dict[str, list[Doc]] = {}
    for checkin in checkins:
        by_goal.setdefault(checkin["goal_id"], []).append(checkin)
    table(
        ["#", _("Status"), _("Due"), _("Steps"), _("Progress"), _("Title")],
        [
            [
                goal["number"],
                status_words(goal["status"]),
                due_words(goal),
                steps_done(goal),
                progress_line(by_goal.get(goal["id"], [])),
                goal["title"],
            ]
            for goal in goals
        ],
    )


def indented(text: str, indent: str) -> str:
    """Later lines of a multi-line entry line up under its first line."""
    return text.replace("\n", "\n" + indent)


def print_plan(whole: Doc) -> None:
    client = whole["client"]
    echo(
        _("{name} ({handle}) · coordinator: {coordinator}").format(
            name=client["name"],
            handle=client["handle"],
            coordinator=client.get("coordinator") or "-",
        )
    )
    echo()
    echo(_("Hopes and dreams"))
    if not whole["dreams"]:
        echo("  " + _("None written down yet."))
    for dream in whole["dreams"]:
        where = f"{status_words(dream['status'])}, {dream['voice']}"
        lead = f"  {dream['number']}. "
        echo(f"{lead}{indented(dream['text'], ' ' * len(lead))}  [{where}]")
    echo()
    echo(_("Small goals"))
    if not whole["goals"]:
        echo("  " + _("None yet."))
    by_goal: dict[str, list[Doc]] = {}
    for checkin in whole["checkins"]:
        by_goal.setdefault(checkin["goal_id"], []).append(checkin)
    for goal in whole["goals"]:
        details = [status_words(goal["status"])]
        if goal.get("due"):
            details.append(_("due {when}").format(when=due_words(goal)))
        if goal.get("dream"):
            details.append(_("for dream {number}").format(number=goal["dream"]))
        if goal.get("area"):
            details.append(goal["area"])
        if goal.get("support"):
            details.append(_("support: {who}").format(who=goal["support"]))
        echo(f"  {goal['number']}. {goal['title']}  [{', '.join(details)}]")
        for step in goal["steps"]:
            mark = "[x]" if step.get("done") else "[ ]"
            done = f"  ({step['done']})" if step.get("done") else ""
            echo(f"       {mark} {step['number']}. {step['text']}{done}")
        for checkin in by_goal.get(goal["id"], [])[-4:]:
            note = f"  “{indented(checkin['note'], ' ' * 9)}”" if checkin.get("note") else ""
            echo(
                f"       {checkin['date']}  {checkin['progress']} "
                f"{progress_words(checkin['progress'])}{note}"
            )
