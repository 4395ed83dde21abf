"""Basic-needs checklists from the command line: needs, need, add-need, add-domain."""

from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store, warn_templates
from recoverytui.cli.options import ClientOpt, JsonOpt, VoiceOpt
from recoverytui.cli.plan_view import DIFFER, needs_table
from recoverytui.core.documents import change_words
from recoverytui.core.i18n import _
from recoverytui.core.needs import find_domain, is_open, ratings_differ

RATING_HELP = _("met, partly, unmet, not-relevant or unknown.")


@app.command(
    "needs", help=_("Show the basic-needs checklists, open actions and unmet needs first.")
)
def needs(
    client: ClientOpt,
    domain: Annotated[
        str | None, typer.Option("--domain", help=_("Only this checklist, e.g. economy."))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client) as plan:
        domains = [plan.domain(domain)] if domain else plan.domains()
        items = plan.needs()
    if domain:
        items = [item for item in items if item["domain"] == domains[0]["key"]]
    if as_json:
        echo_json(items)
        return
    if not domains:
        echo(_("No checklists here. Switch one on with: recovery add-domain DOMAIN -c CLIENT"))
        return
    for number, doc in enumerate(domains):
        if number:
            echo()
        mine = [item for item in items if item["domain"] == doc["key"]]
        still_open = sum(1 for item in mine if is_open(item))
        echo(_("{title} ({key}): {open} of {total} open").format(
            title=doc["title"], key=doc["key"], open=still_open, total=len(mine)))  # fmt: skip
        needs_table(mine)
    if any(ratings_differ(item) for item in items):
        echo()
        echo(_("{mark} the client and the worker see this differently; both views are kept.")
             .format(mark=DIFFER))  # fmt: skip


@app.command(
    "need",
    help=_(
        "Rate a basic need and agree what to do; with no options, show the item and its history."
    ),
)
def need(
    item: Annotated[str, typer.Argument(metavar="ITEM", help=_("The item's number or name."))],
    client: ClientOpt,
    client_says: Annotated[
        str | None, typer.Option("--client-says", help=_("The client's rating: ") + RATING_HELP)
    ] = None,
    worker_says: Annotated[
        str | None, typer.Option("--worker-says", help=_("The worker's rating: ") + RATING_HELP)
    ] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", help=_("What was agreed to do ('' clears it).")),
    ] = None,
    who: Annotated[str | None, typer.Option("--who", help=_("Who does it."))] = None,
    due: Annotated[str | None, typer.Option("--due", help=_("By when."))] = None,
    done: Annotated[bool, typer.Option("--done", help=_("The agreed action is done."))] = False,
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    options: dict[str, Any] = {}
    for name, value in (("action", action), ("who", who), ("due", due)):
        if value is not None:
            options[name] = value
    with store().plan(client, write=True) as plan:
        doc = plan.rate_need(
            item, client_says=client_says, worker_says=worker_says, action_done=done,
            voice=voice, **options,
        )  # fmt: skip
    if as_json:
        echo_json(doc)
        return
    needs_table([doc])
    for change in doc["history"][-8:]:
        echo("     " + change_words(change))


@app.command("add-need", help=_("Add a need of the client's own to one of their checklists."))
def add_need(
    name: Annotated[str, typer.Argument(metavar="TEXT", help=_("The need, in plain words."))],
    client: ClientOpt,
    domain: Annotated[str, typer.Option("--domain", help=_("Which checklist, e.g. housing."))],
    voice: VoiceOpt = "together",
    as_json: JsonOpt = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.add_need(name, domain=domain, voice=voice)
    if as_json:
        echo_json(doc)
    else:
        echo(_("Added need {number} to {domain}: {name}").format(**doc))


@app.command(
    "add-domain", help=_("Switch on a basic-needs checklist from the templates for this client.")
)
def add_domain(
    domain: Annotated[str, typer.Argument(metavar="DOMAIN", help=_("e.g. food, health."))],
    client: ClientOpt,
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    templates = the_store.templates()
    warn_templates(templates)
    template = find_domain(templates.domains, domain)
    with the_store.plan(client, write=True) as plan:
        doc = plan.add_domain(template)
    if as_json:
        echo_json(doc)
    else:
        echo(_("Switched on the checklist {title} (items: {count}).").format(
            title=doc["title"], count=len(template.items)))  # fmt: skip
