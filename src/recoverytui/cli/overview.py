"""The app's callback: `--version`, and the bare `recovery` (the screen in a terminal, else
a short overview). Loaded for every command, since the callback parses the top-level options."""

import sys
from typing import Annotated

import typer

from recoverytui import __version__
from recoverytui.cli.app import app
from recoverytui.cli.common import echo, store, table
from recoverytui.core.i18n import _


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"recovery {__version__}")
        raise typer.Exit(0)


@app.callback(
    invoke_without_command=True,
    help=_("Keep a recovery plan together: small goals, hopes and dreams, check-ins."),
)
def overview(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help=_("Show the version.")
        ),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        from recoverytui.cli.quick_commands import session

        code = session(None)
        if code:
            raise typer.Exit(code)
        return
    # Not a terminal (a pipe, a script): a short overview in text instead of the screen.
    clients_on_list = store().clients()
    if not clients_on_list:
        echo(_("No clients yet. Try `recovery demo`, or `recovery client add NAME`."))
    else:
        table(
            [_("Handle"), _("Name")],
            [[client["handle"], client["name"]] for client in clients_on_list],
        )
    echo()
    echo(_("See `recovery --help` for the commands."))
