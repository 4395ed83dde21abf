"""`recovery demo`: a fictional client to try the tool on, or a whole fictional caseload."""

from typing import Annotated

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store
from recoverytui.cli.options import JsonOpt
from recoverytui.core.demo import create_demo
from recoverytui.core.i18n import _


@app.command(
    "demo",
    help=_(
        "Create a fictional client, handle 'demo', with some weeks of history.\n"
        "\n"
        "With --clients N: a whole fictional caseload of N clients, each with --weeks W "
        "weeks of goals, check-ins, ladder moves, needs and reviews."
    ),
)
def demo(
    clients: Annotated[
        int | None,
        typer.Option(
            "--clients",
            min=1,
            max=1000,
            help=_("Make a fictional caseload of this many clients (into an empty store)."),
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks", min=1, max=520, help=_("Weeks of history per client (default 156).")
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help=_("The same seed makes the same caseload."))
    ] = 1,
    as_json: JsonOpt = False,
) -> None:
    if clients is None and weeks is None:
        client, created = create_demo(store())
        if as_json:
            echo_json(client)
        elif created:
            echo(_("Created the demo client {name}, handle {handle}.").format(**client))
            echo(_("Try: recovery client show -c {handle}").format(**client))
        else:
            echo(_("The demo client is already there, handle {handle}.").format(**client))
        raise typer.Exit(0)

    from recoverytui.core.caseload_demo import create_caseload

    made = create_caseload(
        store(), clients=clients or 1, weeks=weeks if weeks is not None else 156, seed=seed
    )
    if as_json:
        echo_json(made)
    else:
        echo(
            _("Created a fictional caseload of {count} clients, {weeks} weeks each.").format(
                count=len(made), weeks=weeks if weeks is not None else 156
            )
        )
        echo(_("Try: recovery client list"))
    raise typer.Exit(0)
