"""`recovery session -c CLIENT`: the shared-screen TUI, for Typer. What it does is in
cli/quick_commands.py, which the quick path also runs."""

import typer

from recoverytui.cli import quick_commands
from recoverytui.cli.app import app
from recoverytui.cli.options import ClientOpt
from recoverytui.core.i18n import _


@app.command(
    "session", help=_("Open the shared screen, locked to one client: nobody else's name can show.")
)
def session(client: ClientOpt) -> None:
    code = quick_commands.session(client)
    if code:
        raise typer.Exit(code)
