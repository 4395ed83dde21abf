"""Human-readable views of a plan for the terminal: compact, aligned, user text verbatim."""

from __future__ import annotations

from typing import Any

from recoverytui.cli.common import echo, table
from recoverytui.core import dates
from recoverytui.core.crisis import (
    entry_more,
    is_empty,
    noticed_lines,
    person_words,
    reviewed_words,
)
from recoverytui.core.documents import (
    MOVES,
    PARTS,
    measure_status_words,
    move_words,
    progress_words,
    rating_words,
    said_by,
    status_words,
    step_picture,
    step_words,
    voice_label,
    voice_words,
)
from recoverytui.core.due import date_words
from recoverytui.core.goals import being_worked_on
from recoverytui.core.i18n import _
from recoverytui.core.individual_plan import present_words, span_words
from recoverytui.core.needs import is_open, ratings_differ
from recoverytui.core.reviews import latest_agreed
from recoverytui.core.text import pad, width

Doc = dict[str, Any]
SPARK = "▁▂▄▆█"
SHOWN_CHECKINS = 4
SHOWN_MOVES = 4
SHOWN_HOPES = 8
DIFFER = "≠"


def due_words(goal: Doc) -> str:
    """The due date, and how far off it is while the goal is still being worked on."""
    if not goal.get("due"):
        return "-"
    if not being_worked_on(goal):
        return goal["due"]
    day = dates.iso_date(goal["due"])
    assert day is not None
    return f"{day.isoformat()} ({dates.humanize(day)})"


def quoted(note: str, voice: str, indent: int) -> str:
    """Someone's words, in quotes, with whose words they are."""
    return said_by(indented(note, " " * indent), voice)


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
        where = f"{status_words(dream['status'])}, {voice_label(dream['voice'])}"
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
        echo(f"  {goal['number']}. {goal['title']}  [{goal_details(goal)}]")
        steps_list(goal["steps"], "       ")
        checkins = by_goal.get(goal["id"], [])
        if len(checkins) > SHOWN_CHECKINS:
            more = _("(older check-ins not shown: {count}; see recovery check-ins --goal {number})")
            hidden = len(checkins) - SHOWN_CHECKINS
            echo("       " + more.format(count=hidden, number=goal["number"]))
        for checkin in checkins[-SHOWN_CHECKINS:]:
            note = f"  {quoted(checkin['note'], checkin['voice'], 9)}" if checkin["note"] else ""
            echo(
                f"       {checkin['date']}  {checkin['progress']} "
                f"{progress_words(checkin['progress'])}{note}"
            )
        for change in goal["history"][1:]:
            note = f"  {quoted(change['note'], change['voice'], 9)}" if change.get("note") else ""
            echo(f"       {change['date']}  → {status_words(change['status'])}{note}")
    echo()
    echo(_("Responsibility"))
    if whole["areas"]:
        ladder_table(whole["areas"])
    else:
        echo("  " + _("No areas on the ladder yet."))
    echo()
    echo(_("Basic needs"))
    still_open = [item for item in whole["needs"] if is_open(item)]
    titles = {domain["key"]: domain["title"] for domain in whole["domains"]}
    if still_open:
        needs_table(still_open, titles)
        echo(
            _("Open needs only: {open} of {total}; see them all with: recovery needs").format(
                open=len(still_open), total=len(whole["needs"])
            )
        )
        if any(ratings_differ(item) for item in still_open):
            echo(
                _(
                    "{mark} the client and the worker see this differently; both views are kept."
                ).format(mark=DIFFER)
            )
    else:
        echo("  " + _("Nothing open."))
    echo()
    this_week(whole["reviews"], whole["crisis"]["signs"])
    echo()
    echo(_("Crisis plan"))
    echo("  " + crisis_summary(whole["crisis"]) + "  " + _("(see it with: recovery crisis)"))
    echo()
    echo(_("Who helps"))
    client = whole["client"]
    echo("  " + _("Plan period: {span} · next revision by {date}").format(
        span=span_words(client["plan_start"], client["plan_end"]),
        date=client["revise_by"] or "-"))  # fmt: skip
    under_way = sum(1 for m in whole["measures"] if m["status"] != "ended")
    echo("  " + _("Participants: {people} · measures under way or planned: {measures}").format(
        people=len(whole["participants"]), measures=under_way)
        + "  " + _("(see them with: recovery participants, recovery measures)"))  # fmt: skip
    in_force = sum(1 for c in whole["consents"] if c["status"] == "active")
    echo("  " + _("Consents to share in force: {consents} · times shared: {times}").format(
        consents=in_force, times=len(whole["shared"]))
        + "  " + _("(see them with: recovery consents, recovery shared)"))  # fmt: skip


def goal_details(goal: Doc) -> str:
    """Status, due, dream, life area and support, as one bracketed list."""
    details = [status_words(goal["status"])]
    if goal.get("due"):
        details.append(_("due {when}").format(when=due_words(goal)))
    if goal.get("dream"):
        details.append(_("for dream {number}").format(number=goal["dream"]))
    if goal.get("area"):
        details.append(goal["area"])
    if goal.get("support"):
        details.append(_("support: {who}").format(who=goal["support"]))
    return ", ".join(details)


def steps_list(steps: list[Doc], indent: str) -> None:
    """Steps with [x] or [ ], so they read on paper and in black and white."""
    for step in steps:
        mark = "[x]" if step.get("done") else "[ ]"
        done = f"  ({step['done']})" if step.get("done") else ""
        echo(f"{indent}{mark} {step['number']}. {step['text']}{done}")


# The weekly review -------------------------------------------------------------------------


def this_week(reviews: list[Doc], signs: list[Doc] | None = None) -> None:
    """The short 'This week' part of the whole plan: this week's review, or where it starts."""
    week = dates.week_key(dates.today())
    echo(_("This week: {week}").format(week=dates.week_in_words(week)))
    review = next((r for r in reviews if r["week"] == week), None)
    if review is not None:
        review_body(review, signs=signs)
        return
    echo("  " + _("No review yet."))
    steps, since = latest_agreed(reviews, week)
    if steps:
        echo("  " + _("Agreed in {week}:").format(week=since))
        steps_list(steps, "    ")


def review_body(
    review: Doc, hopes: list[tuple[str, int]] | None = None, signs: list[Doc] | None = None
) -> None:
    """A review's words, hope and agreed steps; `hopes` adds the hope of earlier weeks,
    `signs` (the crisis plan's) the words of the early signs noticed."""
    if review.get("words"):
        echo("  " + quoted(review["words"], review["voice"], 3))
    if review.get("hope") is not None:
        echo("  " + _("Hope for the future: {hope} of 10").format(hope=review["hope"]))
    earlier = [(week, hope) for week, hope in hopes or [] if week <= review["week"]]
    if len(earlier) > 1:
        series = " · ".join(f"{week} {hope}" for week, hope in earlier[-SHOWN_HOPES:])
        echo("  " + _("Hope over the weeks: {series}").format(series=series))
    if review["agreed"]:
        echo("  " + _("Agreed for next week:"))
        steps_list(review["agreed"], "    ")
    if review.get("signs"):
        echo("  " + _("Early warning signs noticed:"))
        for line in noticed_lines(review["signs"], signs or []):
            echo("    " + line)
    if not (review.get("words") or review.get("hope") is not None or review["agreed"]
            or review.get("signs")):  # fmt: skip
        echo("  " + _("Nothing written in it yet."))


# The responsibility ladder ---------------------------------------------------------


def area_details(area: Doc) -> list[str]:
    lines = []
    if area.get("next"):
        lines.append(_("next step: {next}").format(next=area["next"]))
    if area.get("ready_when"):
        lines.append(_("time for it when: {sign}").format(sign=area["ready_when"]))
    moves = [move for move in area["history"] if move["move"] in MOVES]
    if moves:
        shown = " · ".join(map(move_words, moves[-SHOWN_MOVES:]))
        if len(moves) > SHOWN_MOVES:
            shown = _("{moves} (and {count} before; see ladder --json)").format(
                moves=shown, count=len(moves) - SHOWN_MOVES
            )
        lines.append(_("moves: {moves}").format(moves=shown))
    noted = [move for move in moves if move.get("note")]
    if noted:
        last = noted[-1]
        lines.append(f"{move_words(last)}: {quoted(last['note'], last['voice'], 5)}")
    return lines


def ladder_table(areas: list[Doc]) -> None:
    table(
        ["#", _("Step"), _("Now"), _("Area")],
        [[a["number"], step_picture(a["step"]), step_words(a["step"]), a["name"]] for a in areas],
        details=[area_details(a) for a in areas],
    )


# Basic needs -----------------------------------------------------------------------------


def action_words(item: Doc) -> str:
    if not item.get("action"):
        return "-"
    if item.get("action_done"):
        return _("{action} (done {date})").format(action=item["action"], date=item["action_done"])
    return item["action"]


def needs_table(items: list[Doc], titles: dict[str, str] | None = None) -> None:
    """Both ratings side by side, never merged; `titles` adds a column naming the checklist."""
    headers = ["#", _("Client says"), _("Worker says"), "", _("Action"), _("Who"), _("Due")]
    if titles:
        headers.append(_("Checklist"))
    table(
        [*headers, _("Need")],
        [
            [
                item["number"],
                rating_words(item["client_rating"]),
                rating_words(item["worker_rating"]),
                DIFFER if ratings_differ(item) else "",
                action_words(item),
                item.get("who") or "-",
                item.get("due") or "-",
                *([titles.get(item["domain"], item["domain"])] if titles else []),
                item["name"],
            ]
            for item in items
        ],
    )


def crisis_summary(crisis: Doc) -> str:
    """How much the crisis plan holds and when it is due, on one line."""
    if is_empty(crisis):
        return _("Nothing written yet.")
    counts = ", ".join(
        f"{_(part.title)}: {len(crisis[part.field])}" for part in PARTS if crisis[part.field]
    )
    return f"{counts}. {reviewed_words(crisis, dates.today())}"


def admission_lines(found: Doc) -> list[str]:
    """The self-referral agreement: where to turn, what it allows, when it is renewed."""
    lines = []
    where = ", ".join(value for value in (found.get("unit"), found.get("phone")) if value)
    lines.append("  " + where)
    if found.get("text"):
        lines.append("  " + indented(found["text"], "  "))
    if found.get("renew_by"):
        lines.append("  " + _("Renew by {date}.").format(date=found["renew_by"]))
    lines.append("  " + f"({voice_words(found['voice'])})")
    return lines


def print_crisis(crisis: Doc, help_numbers: list[tuple[str, str]]) -> None:
    """The crisis plan part by part, each entry in its own words with its voice; then the
    self-referral agreement and the public help numbers."""
    echo(_("Crisis plan") + " · " + reviewed_words(crisis, dates.today()))
    if crisis.get("well"):
        echo()
        echo(_("How I am when I'm well"))
        echo("  " + quoted(crisis["well"], crisis["voice"], 2))
    missing = []
    for part in PARTS:
        items = crisis[part.field]
        if not items:
            missing.append(part.kind)
            continue
        echo()
        echo(_(part.title))
        for item in items:
            lead = f"  {item['number']}. "
            words = person_words(item) if part.kind == "contact" else item[part.main]
            echo(f"{lead}{words}  ({voice_label(item['voice'])})")
            if part.kind != "contact":
                for label, value in entry_more(part, item):
                    echo(f"{' ' * len(lead)}{label}: {value}")
    if crisis.get("admission"):
        echo()
        echo(_("Self-referral agreement (brukerstyrt innleggelse)"))
        for line in admission_lines(crisis["admission"]):
            echo(line)
    echo()
    echo(_("Help numbers"))
    widest = max((width(number) for _what, number in help_numbers), default=0)
    for what, number in help_numbers:
        echo(f"  {pad(number, widest)}  {what}")
    if missing:
        echo()
        echo(
            _("Nothing written yet for: {kinds}. Add with: recovery crisis add KIND TEXT").format(
                kinds=", ".join(missing)
            )
        )


def period_lines(period: Doc, names: dict[int, str]) -> list[str]:
    """The plan period, the next revision, the coordinator and the revisions held."""
    lines = [
        _("Plan period: {span}").format(span=span_words(period["plan_start"], period["plan_end"])),
        _("Next revision by: {date}").format(date=date_words(period["revise_by"])),
        _("Coordinator: {name}").format(name=period["coordinator"] or "-"),
    ]
    if not period["revisions"]:
        return [*lines, _("No revisions recorded yet.")]
    lines.append(_("Revisions held:"))
    for held in period["revisions"]:
        who = present_words(held, names)
        lines.append(f"  {held['date']}  " + _("present: {names}").format(names=who))
        if held["note"]:
            lines.append("    " + indented(quoted(held["note"], held["voice"], 4), "    "))
    return lines


def participants_table(rows: list[Doc]) -> None:
    def role(row: Doc) -> str:
        return (
            _("{role}, coordinator").format(role=row["role"]) if row["coordinator"] else row["role"]
        )

    table(
        ["#", _("Name"), _("Role"), _("Organisation"), _("Phone")],
        [[row["number"], row["name"], role(row), row["organisation"] or "-", row["phone"] or "-"]
         for row in rows],
        [[indented(_("contributes: {words}").format(words=row["contributes"]), "     ")]
         if row["contributes"] else [] for row in rows],
    )  # fmt: skip


def measures_table(rows: list[Doc], names: dict[int, str]) -> None:
    def responsible(row: Doc) -> str:
        number = row["responsible"]
        if number is None:
            return "-"
        return names.get(number) or _("participant {number}").format(number=number)

    def details(row: Doc) -> list[str]:
        said = []
        if row["how"]:
            said.append(indented(_("how: {words}").format(words=row["how"]), "     "))
        if row["goals"]:
            said.append(_("serves goals: {numbers}").format(
                numbers=", ".join(map(str, row["goals"]))))  # fmt: skip
        return said

    table(
        ["#", _("Status"), _("Responsible"), _("Extent"), _("When"), _("Measure")],
        [[row["number"], measure_status_words(row["status"]), responsible(row),
          row["extent"] or "-", span_words(row["from"], row["until"]), row["text"]]
         for row in rows],
        [details(row) for row in rows],
    )  # fmt: skip
