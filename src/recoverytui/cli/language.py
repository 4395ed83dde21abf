"""`recovery language`: the language the program speaks, remembered for the store."""

from __future__ import annotations

from typing import Annotated

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, plain_store
from recoverytui.cli.options import JsonOpt
from recoverytui.core import i18n
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.settings import save_language


@app.command(
    "language",
    help=_(
        "Show or choose the language of the program: nb (Norwegian bokmål) or en "
        "(English).\n"
        "\n"
        "The choice is remembered for the store. $RECOVERY_LANG, when set, goes before "
        "it; without either, the locale decides ($LC_ALL, $LC_MESSAGES, $LANG). The "
        "client's own words are never translated."
    ),
)
def language_command(
    code: Annotated[
        str | None,
        typer.Argument(metavar="[nb|en]", help=_("nb for Norwegian bokmål, en for English.")),
    ] = None,
    forget: Annotated[
        bool, typer.Option("--forget", help=_("Forget the choice; follow the locale again."))
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    home = plain_store().home  # a plain file: no passphrase is needed to choose
    if forget and code is not None:
        raise InvalidInput(_("Give a language or --forget, not both."))
    if code is not None or forget:
        save_language(home, code)
        i18n.use(i18n.choose()[0])  # answer in the language chosen
    speaks, chosen_by = i18n.choose()
    if as_json:
        echo_json({"language": speaks, "remembered": i18n.remembered(home), "from": chosen_by})
        return
    name = i18n.NAMES[speaks]
    if chosen_by == "env":
        echo(_("The program speaks {language}, as $RECOVERY_LANG says.").format(language=name))
    elif chosen_by == "store":
        echo(_("The program speaks {language}, as chosen for this store.").format(language=name))
    else:
        echo(
            _(
                "The program speaks {language}, as the locale says. Choose with "
                "`recovery language nb` or `recovery language en`."
            ).format(language=name)
        )
