"""`recovery session -c CLIENT` and the bare `recovery`: the shared-screen TUI.

Textual is imported inside these functions only, so quick commands never pay for it."""

from __future__ import annotations

import os
import sys

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import plain_store, store
from recoverytui.cli.options import ClientOpt
from recoverytui.cli.security import PASSPHRASE_ENV
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.storage import is_open


def run_tui(client: str | None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InvalidInput(_("The session needs a terminal to show itself in."))
    the_store = plain_store()
    if the_store.encrypted and os.environ.get(PASSPHRASE_ENV) is not None:
        store()  # a script's passphrase; otherwise the screen asks for it
    if client is not None and not (the_store.encrypted and not is_open()):
        the_store.find_client(client)  # an unknown client is said before the screen opens
    from recoverytui.tui.app import RecoveryApp

    tui = RecoveryApp(the_store, client=client)
    tui.run()
    if tui.return_code:
        raise typer.Exit(tui.return_code)


@app.command("session")
def session(client: ClientOpt) -> None:
    """Open the shared screen, locked to one client: nobody else's name can show."""
    run_tui(client)
