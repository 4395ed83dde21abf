"""Small goals from the command line: add, list, steps, check-ins and where a goal stands."""

from typing import Annotated, Any

import typer

from recoverytui.cli import quick_commands
from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store, table
from recoverytui.cli.options import ClientOpt, DateOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import goal_details
from recoverytui.core.documents import progress_words, said_by, status_words, voice_label
from recoverytui.core.goals import find_step
from recoverytui.core.i18n import _

GoalArg = Annotated[
    str, typer.Argument(metavar="GOAL", help=_("The goal's number or exact title."))
]


@app.command("add-goal", help=_("Add a small goal."))
def add_goal(
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help=_("The small goal, in the client's words."))
    ],
    client: ClientOpt,
    dream: Annotated[str | None, typer.Option("--dream", help=_("The dream it serves."))] = None,
    due: Annotated[
        str | None, typer.Option("--due", help=_("2026-12-01, 01.12.2026, friday, +2w, …"))
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help=_("Life area, e.g. home."))] = None,
    step: Annotated[
        list[str] | None, typer.Option("--step", help=_("A step on the way; repeat for more."))
    ] = None,
    support: Annotated[str | None, typer.Option("--support", help=_("Who helps with it."))] = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    quick_commands.add_goal(
        title,
        client,
        dream=dream,
        due=due,
        area=area,
        step=step,
        support=support,
        voice=voice,
        as_json=as_json,
    )


@app.command("edit-goal", help=_("Change a goal's title, due date, dream, life area or support."))
def edit_goal(
    goal: GoalArg,
    client: ClientOpt,
    title: Annotated[str | None, typer.Option("--title", help=_("A new title."))] = None,
    due: Annotated[
        str | None, typer.Option("--due", help=_("A new due date ('' clears it)."))
    ] = None,
    dream: Annotated[
        str | None, typer.Option("--dream", help=_("The dream it serves ('' clears it)."))
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help=_("Life area ('' clears it)."))] = None,
    support: Annotated[
        str | None, typer.Option("--support", help=_("Who helps with it ('' clears it)."))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    given = {"title": title, "due": due, "dream": dream, "area": area, "support": support}
    changes: dict[str, Any] = {field: value for field, value in given.items() if value is not None}
    with store().plan(client, write=True) as plan:
        doc = plan.edit_goal(goal, **changes)
    if as_json:
        echo_json(doc)
        return
    line = (
        _("Changed goal {number}: {title}  [{details}]")
        if doc.changed
        else _("Goal {number} is already so: {title}  [{details}]")
    )
    echo(line.format(number=doc["number"], title=doc["title"], details=goal_details(doc)))


@app.command("goals", help=_("List small goals: those being worked on, or --all."))
def goals(
    client: ClientOpt,
    show_all: Annotated[
        bool, typer.Option("--all", help=_("Include goals reached and let go."))
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    quick_commands.goals(client, show_all=show_all, as_json=as_json)


@app.command("goal-status", help=_("Say where a goal stands: active, reached, paused or let go."))
def goal_status(
    goal: GoalArg,
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help=_("active, reached, paused or let-go."))
    ],
    client: ClientOpt,
    note: Annotated[str | None, typer.Option("--note", help=_("A few words on why."))] = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.set_goal_status(goal, status, note=note, voice=voice)
    if as_json:
        echo_json(doc)
        return
    if not doc.changed:
        line = _("Goal {number} is already {status}: {title}")
    elif doc.before and doc.before["status"] == doc["status"]:
        line = _("Noted on goal {number}, still {status}: {title}")
    elif doc["status"] == "reached":
        line = _("Goal {number} is reached. Well done! {title}")
    else:
        line = _("Goal {number} is now {status}: {title}")
    echo(line.format(number=doc["number"], status=status_words(doc["status"]), title=doc["title"]))
    if note:
        echo("  " + said_by(doc["history"][-1]["note"], doc["history"][-1]["voice"]))


@app.command("add-step", help=_("Add a step to a goal."))
def add_step(
    goal: GoalArg,
    words: Annotated[str, typer.Argument(metavar="TEXT", help=_("The step."))],
    client: ClientOpt,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.add_step(goal, words, voice=voice)
    if as_json:
        echo_json(doc)
    else:
        new = doc["steps"][-1]
        echo(_("Goal {goal}, step {number}: {text}").format(goal=doc["number"], **new))


@app.command("step-done", help=_("Mark a step of a goal as done (or not, with --undo)."))
def step_done(
    goal: GoalArg,
    step: Annotated[
        str, typer.Argument(metavar="STEP", help=_("The step's number or exact text."))
    ],
    client: ClientOpt,
    on: DateOpt = None,
    undo: Annotated[bool, typer.Option("--undo", help=_("Mark the step as not done."))] = False,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.complete_step(goal, step, on=on, undo=undo)
    if as_json:
        echo_json(doc)
        return
    marked = find_step(doc, step)
    if not doc.changed:
        echo(_("Step {number} is already so: {text}").format(**marked))
    elif marked["done"]:
        echo(_("Step {number} done on {done}: {text}").format(**marked))
    else:
        echo(_("Step {number} is open again: {text}").format(**marked))


@app.command(
    "check-in",
    help=_("Record progress on a goal (0–4). A second check-in on the same day updates the first."),
)
def check_in(
    goal: GoalArg,
    client: ClientOpt,
    progress: Annotated[
        int, typer.Option("--progress", "-p", help=_("0 not yet … 4 all the way."))
    ],
    note: Annotated[str | None, typer.Option("--note", help=_("In the client's words."))] = None,
    on: DateOpt = None,
    voice: VoiceOpt = "client",
    as_json: JsonOpt = False,
) -> None:
    quick_commands.check_in(goal, client, progress, note=note, on=on, voice=voice, as_json=as_json)


@app.command("check-ins", help=_("List check-ins, oldest first."))
def check_ins(
    client: ClientOpt,
    goal: Annotated[str | None, typer.Option("--goal", help=_("Only this goal."))] = None,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client) as plan:
        rows = plan.checkins(goal)
        titles = {g["id"]: g["title"] for g in plan.goals()} if not as_json else {}
    if as_json:
        echo_json(rows)
        return
    table(
        [_("Date"), "#", _("Goal"), _("Progress"), _("Voice"), _("Note")],
        [
            [
                c["date"],
                c["goal"],
                titles.get(c["goal_id"], "-"),
                f"{c['progress']} {progress_words(c['progress'])}",
                voice_label(c["voice"]),
                c.get("note") or "",
            ]
            for c in rows
        ],
    )
