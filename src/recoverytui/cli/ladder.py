"""The responsibility ladder from the command line: add-area, step-up, step-back, area, ladder."""

from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store, warn_templates
from recoverytui.cli.options import ClientOpt, DateOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import ladder_table
from recoverytui.core.documents import step_words
from recoverytui.core.i18n import _
from recoverytui.core.ladder import area_ideas

AreaArg = Annotated[str, typer.Argument(metavar="AREA", help=_("The area's number or name."))]
NoteOpt = Annotated[str | None, typer.Option("--note", help=_("A few words about the move."))]
NextOpt = Annotated[
    str | None, typer.Option("--next", help=_("The next step agreed, in plain words."))
]
ReadyOpt = Annotated[
    str | None, typer.Option("--ready-when", help=_("What would show it is time for it."))
]


@app.command("add-area", help=_("Put an everyday area on the responsibility ladder."))
def add_area(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help=_("The everyday task, e.g. 'Paying rent'."))
    ],
    client: ClientOpt,
    step: Annotated[int, typer.Option("--step", help=_("Where it stands now, 1–5."))] = 1,
    next_step: NextOpt = None,
    ready_when: ReadyOpt = None,
    since: Annotated[
        str | None,
        typer.Option("--date", help=_("Since when it stands on this step (default today).")),
    ] = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        area = plan.add_area(
            name, step=step, next_step=next_step, ready_when=ready_when, on=since, voice=voice
        )
    if as_json:
        echo_json(area)
    else:
        echo(
            _("Added area {number}: {name}, on step {step}, '{words}'.").format(
                words=step_words(area["step"]), **area
            )
        )


def _move(direction: str, area: str, client: str, as_json: bool, **options: Any) -> None:
    with store().plan(client, write=True) as plan:
        mover = plan.step_up if direction == "up" else plan.step_back
        doc = mover(area, **options)
    if as_json:
        echo_json(doc)
        return
    words = step_words(doc["step"])
    if direction == "up":
        line = _("{name} is now on step {step}, '{words}'.")
    else:
        line = _("{name} stepped back to step {step}, '{words}'. A step back is part of the road.")
    echo(line.format(words=words, **doc))


@app.command("step-up", help=_("Move an area one step toward 'You do it on your own'."))
def step_up(
    area: AreaArg,
    client: ClientOpt,
    note: NoteOpt = None,
    next_step: NextOpt = None,
    ready_when: ReadyOpt = None,
    on: DateOpt = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    _move("up", area, client, as_json, note=note, next_step=next_step,
          ready_when=ready_when, on=on, voice=voice)  # fmt: skip


@app.command(
    "step-back",
    help=_("Move an area one step back toward more help. Kept in the history like any move."),
)
def step_back(
    area: AreaArg,
    client: ClientOpt,
    note: NoteOpt = None,
    next_step: NextOpt = None,
    ready_when: ReadyOpt = None,
    on: DateOpt = None,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    _move("back", area, client, as_json, note=note, next_step=next_step,
          ready_when=ready_when, on=on, voice=voice)  # fmt: skip


@app.command(
    "area", help=_("Change an area's agreed next step or the sign that it is time ('' clears it).")
)
def area(
    area: AreaArg,
    client: ClientOpt,
    next_step: NextOpt = None,
    ready_when: ReadyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.set_area(area, next_step=next_step, ready_when=ready_when)
    if as_json:
        echo_json(doc)
    else:
        ladder_table([doc])


@app.command(
    "ladder", help=_("Show the responsibility ladder: each area's step and its recent moves.")
)
def ladder(client: ClientOpt, as_json: JsonOpt = False) -> None:
    the_store = store()
    with the_store.plan(client) as plan:
        areas = plan.areas()
    if as_json:
        echo_json(areas)
        return
    if areas:
        ladder_table(areas)
    else:
        echo(_("No areas on the ladder yet. Add one with: recovery add-area NAME -c CLIENT"))
    templates = the_store.templates()
    warn_templates(templates)
    ideas = area_ideas(templates.areas, areas)
    if ideas:
        echo()
        echo(_("Areas you could add: {names}").format(names=", ".join(ideas)))
