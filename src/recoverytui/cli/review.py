"""`recovery review`: show or record the week's review, as the TUI's guided review writes it."""

from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store
from recoverytui.cli.options import ClientOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import review_body, steps_list
from recoverytui.core import dates
from recoverytui.core.i18n import _


@app.command(
    "review",
    help=_(
        "Show the week's review; with --words, --hope, --agree, --sign, --done or --date, "
        "record it."
    ),
)
def review(
    client: ClientOpt,
    week: Annotated[
        str | None,
        typer.Option(
            "--week", help=_("2026-W48, 48, this or last (default: the week of --date, or this).")
        ),
    ] = None,
    words: Annotated[
        str | None,
        typer.Option("--words", help=_("How the week went, in the client's words ('' clears).")),
    ] = None,
    hope: Annotated[
        int | None,
        typer.Option("--hope", help=_("How much hope for the future the client feels, 0–10.")),
    ] = None,
    agree: Annotated[
        list[str] | None,
        typer.Option("--agree", help=_("A small step agreed for next week; repeat for more.")),
    ] = None,
    done: Annotated[
        list[str] | None,
        typer.Option("--done", help=_("An agreed step of this review that is done (its number).")),
    ] = None,
    signs: Annotated[
        list[str] | None,
        typer.Option(
            "--sign",
            help=_(
                "The crisis plan's early warning signs noticed this week, by number: "
                "repeat for more; they replace those recorded. --sign none: none noticed."
            ),
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help=_("The day the review was held (default today).")),
    ] = None,
    voice: VoiceOpt = "client",
    as_json: JsonOpt = False,
) -> None:
    record: dict[str, Any] = {}
    if words is not None:
        record["words"] = words
    if hope is not None:
        record["hope"] = hope
    if agree:
        record["agree"] = agree
    if signs:
        record["signs"] = [] if [s.strip().lower() for s in signs] == ["none"] else signs
    if on is not None:
        record["on"] = on
    if not record and not done:
        _show(client, week, as_json)
        return
    with store().plan(client, write=True) as plan:
        saved = [plan.record_review(week, voice=voice, **record)] if record else []
        key = saved[0]["week"] if saved else dates.parse_week(week or "")
        saved += [plan.set_agreed_step(key, number, done="today") for number in done or ()]
        doc = saved[-1]
        hopes = plan.hope_series()
        crisis_signs = plan.crisis()["signs"]
    if as_json:
        echo_json(doc)
        return
    if saved[0].added:
        line = _("{week}: review recorded, held {held}.")
    elif not any(step.changed for step in saved):
        line = _("{week}: the review already says so, held {held}.")
    else:
        line = _("{week}: review updated, held {held}.")
    echo(line.format(week=dates.week_in_words(doc["week"]), held=doc["held"]))
    review_body(doc, hopes, crisis_signs)


def _show(client: str, week: str | None, as_json: bool) -> None:
    with store().plan(client) as plan:
        key = dates.parse_week(week or "")
        doc = plan.review(key)
        hopes = plan.hope_series()
        steps, since = plan.agreed_before(key)
        crisis_signs = plan.crisis()["signs"]
    if as_json:
        echo_json(doc)
        return
    if doc is not None:
        line = (
            _("{week}: review held {held}.")
            if doc["stage"] == "done"
            else _("{week}: review started {held}, not finished yet.")
        )
        echo(line.format(week=dates.week_in_words(doc["week"]), held=doc["held"]))
        review_body(doc, hopes, crisis_signs)
    else:
        echo(_("{week}: no review yet.").format(week=dates.week_in_words(key)))
    if steps:
        echo(_("It starts from the steps agreed in {week}:").format(week=since))
        steps_list(steps, "  ")
    if doc is None:
        echo(_("Record it with: recovery review -c CLIENT --words TEXT --hope 0-10 --agree TEXT"))
