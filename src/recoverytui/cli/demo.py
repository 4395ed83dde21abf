"""`recovery demo`: a fictional client to try the tool on."""

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import JsonOpt, echo, echo_json, store
from recoverytui.core.demo import create_demo
from recoverytui.core.i18n import _


@app.command("demo")
def demo(as_json: JsonOpt = False) -> None:
    """Create a fictional client, handle 'demo', with some weeks of history."""
    client, created = create_demo(store())
    if as_json:
        echo_json(client)
    elif created:
        echo(_("Created the demo client {name}, handle {handle}.").format(**client))
        echo(_("Try: recovery client show -c {handle}").format(**client))
    else:
        echo(_("The demo client is already there, handle {handle}.").format(**client))
    raise typer.Exit(0)
