"""The `recovery` command line. Importing it must stay cheap: no textual, no PDF library."""

import os
import sys
from typing import Annotated

import typer

from recoverytui import __version__
from recoverytui.cli import (  # noqa: F401  (they register commands)
    backup,
    clients,
    demo,
    dreams,
    goals,
    history,
    ladder,
    needs,
    report,
    review,
    security,
    session,
)
from recoverytui.cli.app import app
from recoverytui.cli.common import echo, store, table
from recoverytui.core.i18n import _


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"recovery {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def overview(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help=_("Show the version.")
        ),
    ] = False,
) -> None:
    """Keep a recovery plan together: small goals, hopes and dreams, check-ins."""
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        session.run_tui(None)
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


def main() -> None:
    """Entry point. An unexpected error shows its kind only: its text may hold a client's words."""
    try:
        app(prog_name="recovery")
    except Exception as error:
        if os.environ.get("RECOVERY_DEBUG"):
            raise
        typer.echo(
            _(
                "recovery: something unexpected went wrong ({kind}). Nothing more was saved. "
                "Run again with RECOVERY_DEBUG=1 to see the details."
            ).format(kind=type(error).__name__),
            err=True,
        )
        sys.exit(1)
