"""`recovery add-dream`, `edit-dream`, `dreams` and `dream-status`: hopes and dreams in the
client's words."""

from typing import Annotated

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store, table
from recoverytui.cli.options import ClientOpt, JsonOpt, VoiceOpt
from recoverytui.core.documents import status_words, voice_label
from recoverytui.core.i18n import _


@app.command("add-dream", help=_("Write down a hope or dream, in the client's own words."))
def add_dream(
    words: Annotated[
        str, typer.Argument(metavar="TEXT", help=_("The hope or dream, word for word."))
    ],
    client: ClientOpt,
    voice: VoiceOpt = "client",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        dream = plan.add_dream(words, voice=voice)
    if as_json:
        echo_json(dream)
    else:
        echo(_("Added dream {number}: {text}").format(**dream))


@app.command("edit-dream", help=_("Reword a hope or dream, in the client's own words."))
def edit_dream(
    dream: Annotated[str, typer.Argument(metavar="DREAM", help=_("Number or exact text."))],
    words: Annotated[
        str, typer.Argument(metavar="TEXT", help=_("The dream as the client says it now."))
    ],
    client: ClientOpt,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.edit_dream(dream, text=words)
    if as_json:
        echo_json(doc)
    else:
        line = (
            _("Changed dream {number}: {text}")
            if doc.changed
            else _("Dream {number} already says so: {text}")
        )
        echo(line.format(**doc))


@app.command("dreams", help=_("List hopes and dreams."))
def dreams(client: ClientOpt, as_json: JsonOpt = False) -> None:
    with store().plan(client) as plan:
        rows = plan.dreams()
    if as_json:
        echo_json(rows)
        return
    table(
        ["#", _("Status"), _("Voice"), _("Dream")],
        [
            [d["number"], status_words(d["status"]), voice_label(d["voice"]), d["text"]]
            for d in rows
        ],
    )


@app.command("dream-status", help=_("Say where a dream stands: held, growing, reached or resting."))
def dream_status(
    dream: Annotated[str, typer.Argument(metavar="DREAM", help=_("Number or exact text."))],
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help=_("held, growing, reached or resting."))
    ],
    client: ClientOpt,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.set_dream_status(dream, status)
    if as_json:
        echo_json(doc)
    else:
        line = (
            _("Dream {number} is now {status}.")
            if doc.changed
            else _("Dream {number} is already {status}.")
        )
        echo(line.format(number=doc["number"], status=status_words(doc["status"])))
