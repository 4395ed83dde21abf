"""The individual plan on the command line: the plan period and its revisions (`recovery
plan`), who takes part (`add-participant`, `participants`, …) and the measures
(`add-measure`, `measures`, …). Every list and write takes --json."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from recoverytui.cli.app import app, sub_app
from recoverytui.cli.common import echo, echo_json, store
from recoverytui.cli.options import ClientOpt, DateOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import measures_table, participants_table, period_lines
from recoverytui.core.documents import measure_status_words
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import Doc

plan_app = sub_app(
    "plan",
    _(
        "The individual plan's period and revisions. With -c alone, show them; with --start, "
        "--end or --revise-by, set them ('' clears one)."
    ),
)
plan_app.info.no_args_is_help = False
plan_app.info.invoke_without_command = True


def _opt(name: str, words: str) -> Any:
    return typer.Option(name, help=words)


NumberArg = Annotated[str, typer.Argument(metavar="N", help=_("Its number (or its exact name)."))]
ReviseByOpt = Annotated[
    str | None, _opt("--revise-by", _("When the plan is to be revised next, e.g. +6m."))
]
RoleOpt = Annotated[
    str | None, _opt("--role", _("What they are to the client: GP, NAV, next of kin, DPS…"))
]
OrganisationOpt = Annotated[str | None, _opt("--organisation", _("Where they work, if anywhere."))]
PhoneOpt = Annotated[str | None, _opt("--phone", _("Their phone number, as typed."))]
ContributesOpt = Annotated[
    str | None, _opt("--contributes", _("What they bring to the plan, in their words."))
]
ResponsibleOpt = Annotated[
    str | None, _opt("--responsible", _("The participant responsible (number or name)."))
]
ExtentOpt = Annotated[str | None, _opt("--extent", _("How much: 'two visits a week'."))]
HowOpt = Annotated[str | None, _opt("--how", _("How it is carried out."))]
GoalOpt = Annotated[
    list[str] | None, _opt("--goal", _("A goal it serves (number or title); may be repeated."))
]
FromOpt = Annotated[str | None, _opt("--from", _("The day it starts."))]
UntilOpt = Annotated[str | None, _opt("--until", _("The day it ends."))]


def _given(**options: Any) -> dict[str, Any]:
    """The options typed, under the core's names; '' stays, to clear a field."""
    return {key: value for key, value in options.items() if value is not None}


def _period_json(period: Doc) -> Doc:
    return {key: period[key] for key in ("plan_start", "plan_end", "revise_by", "coordinator",
                                         "revisions")}  # fmt: skip


# The plan period and revisions ----------------------------------------------------------------


@plan_app.callback()
def plan(
    ctx: typer.Context,
    client: ClientOpt = "",
    start: Annotated[str | None, _opt("--start", _("The day the plan period starts."))] = None,
    end: Annotated[str | None, _opt("--end", _("The day the plan period ends."))] = None,
    revise_by: ReviseByOpt = None,
    as_json: JsonOpt = False,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    changes = _given(start=start, end=end, revise_by=revise_by)
    with store().plan(client or None, write=bool(changes)) as the_plan:
        saved = the_plan.set_plan_period(**changes) if changes else None
        period = the_plan.plan_period()
        names = {p["number"]: p["name"] for p in the_plan.participants()}
    if as_json:
        echo_json(_period_json(period))
        return
    if saved is not None:
        echo(_("The plan period is set.") if saved.changed else _("Already so; nothing changed."))
    for line in period_lines(period, names):
        echo(line)


@plan_app.command(
    "revised",
    help=_(
        "A revision of the plan was held (today, or --date), with who was there, and when the "
        "next one is (--revise-by; default six months on)."
    ),
)
def revised(
    client: ClientOpt,
    on: DateOpt = None,
    note: Annotated[str | None, _opt("--note", _("What was agreed, in a few words."))] = None,
    present: Annotated[
        list[str] | None,
        _opt("--present", _("A participant who took part (number or name); may be repeated.")),
    ] = None,
    revise_by: ReviseByOpt = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as the_plan:
        saved = the_plan.plan_revised(on, note=note, present=present or [], revise_by=revise_by,
                                      voice=voice)  # fmt: skip
        period = the_plan.plan_period()
    if as_json:
        echo_json(_period_json(period))
        return
    left = list((saved.before or {}).get("revisions") or [])
    for held in saved["revisions"]:  # the one not there before (another may be its twin)
        if held not in left:
            break
        left.remove(held)
    echo(_("Revision recorded for {date}. Next revision by {next}.").format(
        date=held["date"], next=period["revise_by"]))  # fmt: skip


# Participants -----------------------------------------------------------------------------------


@app.command("add-participant", help=_("Add someone who takes part in the plan."))
def add_participant(
    name: Annotated[str, typer.Argument(metavar="NAME", help=_("A person, or a service."))],
    client: ClientOpt,
    role: RoleOpt = None,
    organisation: OrganisationOpt = None,
    phone: PhoneOpt = None,
    contributes: ContributesOpt = None,
    coordinator: Annotated[
        bool, _opt("--coordinator", _("They coordinate the plan (one at a time)."))
    ] = False,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as the_plan:
        doc = the_plan.add_participant(
            name,
            role=role,
            organisation=organisation,
            phone=phone,
            contributes=contributes,
            coordinator=coordinator,
            voice=voice,
        )
    if as_json:
        echo_json(doc)
    else:
        echo(_("Added participant {number}: {name} ({role})").format(**doc))


@app.command("participants", help=_("Who takes part in the plan, and what each brings."))
def participants(client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client) as the_plan:
        rows = the_plan.participants()
    if as_json:
        echo_json(rows)
    elif not rows:
        echo(_("No participants yet. Add one with: recovery add-participant NAME --role R -c C"))
    else:
        participants_table(rows)


@app.command(
    "edit-participant", help=_("Change a participant: any option ('' clears an optional one).")
)
def edit_participant(
    number: NumberArg,
    client: ClientOpt,
    name: Annotated[str | None, _opt("--name", _("A new name."))] = None,
    role: RoleOpt = None,
    organisation: OrganisationOpt = None,
    phone: PhoneOpt = None,
    contributes: ContributesOpt = None,
    coordinator: Annotated[
        bool | None,
        typer.Option(
            "--coordinator/--not-coordinator", help=_("They coordinate the plan, or no longer.")
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    changes = _given(name=name, role=role, organisation=organisation, phone=phone,
                     contributes=contributes, coordinator=coordinator)  # fmt: skip
    if not changes:
        raise InvalidInput(_("Say what to change, with an option such as --phone."))
    with store().plan(client, write=True) as the_plan:
        saved = the_plan.edit_participant(number, **changes)
    if as_json:
        echo_json(saved)
    elif not saved.changed:
        echo(_("Participant {number} is already so; nothing changed.").format(**saved))
    else:
        echo(_("Changed participant {number}: {name} ({role})").format(**saved))


@app.command(
    "remove-participant", help=_("Take a participant out of the plan; the history keeps them.")
)
def remove_participant(number: NumberArg, client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client, write=True) as the_plan:
        gone = the_plan.remove_participant(number)
    if as_json:
        echo_json({**gone, "removed": True})
    else:
        echo(_("Took participant {number} out of the plan: {name} (the history keeps them).")
             .format(**gone))  # fmt: skip


# Measures -------------------------------------------------------------------------------------


@app.command("add-measure", help=_("Add a measure (tiltak): what is done for the client."))
def add_measure(
    words: Annotated[str, typer.Argument(metavar="TEXT", help=_("What is done."))],
    client: ClientOpt,
    responsible: ResponsibleOpt = None,
    extent: ExtentOpt = None,
    how: HowOpt = None,
    goal: GoalOpt = None,
    start: FromOpt = None,
    until: UntilOpt = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as the_plan:
        doc = the_plan.add_measure(words, responsible=responsible, extent=extent, how=how,
                                   goals=goal or [], start=start, until=until,
                                   voice=voice)  # fmt: skip
    if as_json:
        echo_json(doc)
    else:
        echo(_("Added measure {number}: {text} ({status})").format(
            number=doc["number"], text=doc["text"],
            status=measure_status_words(doc["status"])))  # fmt: skip


@app.command("measures", help=_("The measures, who is responsible, and how far they have come."))
def measures(client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client) as the_plan:
        rows = the_plan.measures()
        names = {p["number"]: p["name"] for p in the_plan.participants()}
    if as_json:
        echo_json(rows)
    elif not rows:
        echo(_("No measures yet. Add one with: recovery add-measure TEXT -c C"))
    else:
        measures_table(rows, names)


@app.command("edit-measure", help=_("Change a measure: new words or any option ('' clears one)."))
def edit_measure(
    number: NumberArg,
    client: ClientOpt,
    words: Annotated[
        str | None, typer.Argument(metavar="[TEXT]", help=_("New words (default: as they are)."))
    ] = None,
    responsible: ResponsibleOpt = None,
    extent: ExtentOpt = None,
    how: HowOpt = None,
    goal: GoalOpt = None,
    no_goals: Annotated[bool, _opt("--no-goals", _("It serves no particular goal."))] = False,
    start: FromOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
) -> None:
    if goal and no_goals:
        raise InvalidInput(_("Give either --goal or --no-goals, not both."))
    changes = _given(words=words, responsible=responsible, extent=extent, how=how,
                     start=start, until=until)  # fmt: skip
    if goal or no_goals:
        changes["goals"] = goal or []
    if not changes:
        raise InvalidInput(_("Say what to change: new words, or an option such as --extent."))
    with store().plan(client, write=True) as the_plan:
        saved = the_plan.edit_measure(number, **changes)
    if as_json:
        echo_json(saved)
    elif not saved.changed:
        echo(_("Measure {number} is already so; nothing changed.").format(**saved))
    else:
        echo(_("Changed measure {number}: {text}").format(**saved))


@app.command("measure-status", help=_("Say how far a measure has come: planned, active or ended."))
def measure_status(
    number: NumberArg,
    status: Annotated[str, typer.Argument(metavar="STATUS", help=_("planned, active or ended."))],
    client: ClientOpt,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as the_plan:
        saved = the_plan.set_measure_status(number, status, revision=None)
    if as_json:
        echo_json(saved)
    elif not saved.changed:
        echo(_("Measure {number} is already {status}; nothing changed.").format(
            number=saved["number"], status=measure_status_words(saved["status"])))  # fmt: skip
    else:
        echo(_("Measure {number} is now {status}: {text}").format(
            number=saved["number"], text=saved["text"],
            status=measure_status_words(saved["status"])))  # fmt: skip
