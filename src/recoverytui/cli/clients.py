"""`recovery client add|list|show`: who is on the caseload, and one client's whole plan."""

from typing import Annotated

import typer

from recoverytui.cli.app import client_app
from recoverytui.cli.common import (
    ClientOpt,
    JsonOpt,
    echo,
    echo_json,
    store,
    table,
    warn_templates,
)
from recoverytui.cli.plan_view import print_plan
from recoverytui.core.i18n import _


@client_app.command("add")
def add(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help=_("A first name or a pseudonym; no more than needed.")),
    ],
    handle: Annotated[
        str | None,
        typer.Option("--handle", help=_("Short name used with -c (default: from NAME).")),
    ] = None,
    coordinator: Annotated[
        str | None, typer.Option("--coordinator", help=_("Who coordinates the plan."))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a client to the caseload; the plan starts empty."""
    the_store = store()
    client = the_store.add_client(name, handle=handle, coordinator=coordinator)
    warn_templates(the_store.templates())
    if as_json:
        echo_json(client)
    else:
        echo(_("Added {name}, handle {handle}.").format(**client))


@client_app.command("list")
def list_clients(
    include_archived: Annotated[
        bool, typer.Option("--all", help=_("Include archived clients."))
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the caseload."""
    clients = store().clients(include_archived=include_archived)
    if as_json:
        echo_json([{k: v for k, v in c.items() if k != "file"} for c in clients])
        return
    if not clients:
        echo(_("No clients yet. Add one with: recovery client add NAME"))
        return
    table(
        [_("Handle"), _("Coordinator"), _("Name")],
        [[c["handle"], c.get("coordinator") or "-", c["name"]] for c in clients],
    )


@client_app.command("show")
def show(client: ClientOpt, as_json: JsonOpt = False) -> None:
    """Show one client's whole plan."""
    with store().plan(client) as plan:
        whole = plan.whole()
    if as_json:
        echo_json(whole)
    else:
        print_plan(whole)
