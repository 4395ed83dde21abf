"""`recovery client add|list|show|archive|unarchive|erase`: who is on the caseload, one
client's whole plan, and the end of follow-up (archive keeps everything; erase keeps nothing)."""

import sys
from typing import Annotated, Any

import typer

from recoverytui.cli.app import client_app
from recoverytui.cli.common import echo, echo_json, say_conflicts, store, table, warn_templates
from recoverytui.cli.options import ClientOpt, JsonOpt
from recoverytui.cli.plan_view import print_plan
from recoverytui.core import dates, due
from recoverytui.core.i18n import _
from recoverytui.core.store import Store
from recoverytui.core.text import safe


@client_app.command("add", help=_("Add a client to the caseload; the plan starts empty."))
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
    the_store = store()
    client = the_store.add_client(name, handle=handle, coordinator=coordinator)
    warn_templates(the_store.templates())
    if as_json:
        echo_json(client)
    else:
        echo(_("Added {name}, handle {handle}.").format(**client))


@client_app.command("list", help=_("List the caseload."))
def list_clients(
    include_archived: Annotated[
        bool, typer.Option("--all", help=_("Include archived clients."))
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    clients = the_store.clients(include_archived=include_archived)
    by_id = _crisis_revise_by(the_store, include_archived)
    for client in clients:
        client["crisis_revise_by"] = by_id.get(client["id"])
    if as_json:
        echo_json([{k: v for k, v in c.items() if k != "file"} for c in clients])
        return
    if not clients:
        echo(_("No clients yet. Add one with: recovery client add NAME"))
        return

    def name(client: dict[str, Any]) -> str:
        return _("{name} (archived)").format(**client) if client.get("archived") else client["name"]

    today = dates.today().isoformat()

    def crisis_due(client: dict[str, Any]) -> str:
        by = client["crisis_revise_by"]
        if by is None:
            return "-"
        return _("{date} (due)").format(date=by) if by <= today else by

    table(
        [_("Handle"), _("Coordinator"), _("Crisis plan by"), _("Name")],
        [[c["handle"], c.get("coordinator") or "-", crisis_due(c), name(c)] for c in clients],
    )


def _crisis_revise_by(the_store: Store, include_archived: bool) -> dict[str, str | None]:
    """By client id, when the client's crisis plan is to be gone through again; None when
    there is no date, or the plan can't be read just now (`recovery doctor` says why). From
    what the index keeps of each plan (core/due.py), so not every plan is opened. A list
    writes nothing: summaries read again are kept by `recovery caseload` and the screen."""
    rows = due.caseload(the_store, include_archived=include_archived, keep=False)
    return {row.client["id"]: row.due.crisis_revise_by if row.due else None for row in rows}


@client_app.command("show", help=_("Show one client's whole plan."))
def show(client: ClientOpt, as_json: JsonOpt = False) -> None:
    the_store = store()
    with the_store.plan(client) as plan:
        whole = plan.whole()
    if as_json:
        echo_json(whole)
    else:
        print_plan(whole)
        say_conflicts(the_store, plan.client_id)


@client_app.command(
    "archive",
    help=_("Archive a client when follow-up ends: hidden from the caseload, nothing is deleted."),
)
def archive(client: ClientOpt, as_json: JsonOpt = False) -> None:
    the_store = store()
    doc = the_store.set_archived(client, True)
    if as_json:
        echo_json(doc)
        return
    # The handle -c takes is the index's (after a restore it may differ from the plan's).
    handle = the_store.find_client(doc["id"])["handle"]
    echo(
        _(
            "{handle} is archived: hidden from the caseload list, and nothing is deleted. "
            "See archived clients with `recovery client list --all`; bring {handle} back with "
            "`recovery client unarchive -c {handle}`."
        ).format(handle=handle)
    )


@client_app.command(
    "unarchive", help=_("Bring an archived client back to the caseload, with their plan as it was.")
)
def unarchive(client: ClientOpt, as_json: JsonOpt = False) -> None:
    the_store = store()
    doc = the_store.set_archived(client, False)
    if as_json:
        echo_json(doc)
        return
    handle = the_store.find_client(doc["id"])["handle"]
    echo(_("{handle} is back on the caseload, with the plan as it was.").format(handle=handle))


def _what_goes(found: dict[str, Any]) -> list[str]:
    """One line per kind of thing the erasure removes (or removed). Paths name files and
    folders by id, never another client."""
    lines = []
    if found["plan"]:
        plan_counts = found["plan_counts"]
        if plan_counts is None:
            lines.append(_("the plan {file}, which can't be read").format(file=found["plan"]))
        else:
            lines.append(
                _(
                    "the plan {file}: goals {goals}, dreams {dreams}, check-ins {checkins}, "
                    "ladder areas {areas}, needs {needs}, reviews {reviews}"
                ).format(file=found["plan"], **plan_counts)
            )
    if any(found[k] for k in ("daily_backups", "recent_copies", "before_restore", "other_backups")):
        lines.append(
            _(
                "backups/{id}/: daily backups {daily}, copies of the last writes {recent}, "
                "copies kept before a restore {kept}"
            ).format(
                id=found["client"]["id"],
                daily=found["daily_backups"],
                recent=found["recent_copies"],
                kept=found["before_restore"],
            )
        )
    if found["full_backups"]:
        lines.append(
            _("their plan and entry in full backups ({count}): {folders}").format(
                count=len(found["full_backups"]), folders=", ".join(found["full_backups"])
            )
        )
    if found["index_copies"]:
        lines.append(
            _("their entry in daily backups of the caseload list ({count})").format(
                count=found["index_copies"]
            )
        )
    for key, words in (
        ("damaged", _("damaged copies of their plan ({count}): {files}")),
        ("printouts", _("printouts ({count}): {files}")),
        ("other_files", _("other files holding their data ({count}): {files}")),
    ):
        if found[key]:
            lines.append(words.format(count=len(found[key]), files=", ".join(found[key])))
    lines.append(
        _("their entry on the caseload list (its log keeps only that an erasure happened)")
    )
    return lines


def _left(found: dict[str, Any], err: bool) -> None:
    """What the erasure can't do: damaged files to look at, copies outside the store."""
    if found["needs_a_look"]:
        typer.echo(
            safe(
                _(
                    "Not removed, for a person to look at: damaged files that may mention the "
                    "client and can't be read, so can't be cleaned:"
                )
            ),
            err=err,
        )
        for path in found["needs_a_look"]:
            typer.echo(safe("  " + path), err=err)
    typer.echo(safe(found["outside"]), err=err)


@client_app.command(
    "erase",
    help=_(
        "Erase everything about a client, backups included, for good. Asks for the "
        "handle.\n"
        "\n"
        "To hide a client and keep everything, use `recovery client archive` instead."
    ),
)
def erase_command(client: ClientOpt, as_json: JsonOpt = False) -> None:
    from recoverytui.core import erase

    the_store = store()
    found = erase.preview(the_store, client)
    who = found["client"]
    # With --json, stdout carries the JSON only; the preview and the question go to stderr.
    err = as_json
    typer.echo(
        safe(_("This erases everything about {name} ({handle}), for good:").format(**who)),
        err=err,
    )
    for line in _what_goes(found):
        typer.echo(safe("  " + line), err=err)
    _left(found, err)
    typer.echo(
        safe(
            _(
                "To hide {handle} and keep everything instead, use "
                "`recovery client archive -c {handle}`."
            ).format(**who)
        ),
        err=err,
    )
    # Read here rather than with typer.prompt, which writes a space to stdout after the
    # question even when it asks on stderr, and --json output must be JSON alone.
    typer.echo(
        _("Type the handle of the client to erase everything ({handle}): ").format(**who),
        nl=False,
        err=err,
    )
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        line = ""
    if not line:  # end of input
        typer.echo("", err=err)
        typer.echo(_("Nothing was erased."), err=True)
        raise typer.Exit(2)
    typed = line.rstrip("\r\n")
    erase.check_typed(who, typed)
    from recoverytui.core.team.manage import erase_everywhere

    results: list[dict[str, Any]] = []
    team = erase_everywhere(
        the_store, who["id"], lambda: results.append(erase.erase(the_store, who["id"], typed))
    )
    result = results[0]
    if team is not None:
        result["team"] = {
            "registered": team.registered,
            "removed_on_server": team.removed_on_server,
        }
    if as_json:
        echo_json(result)
        _team_erasure(team, who, err=True)
        return
    echo(_("Erased {name} ({handle}). Removed:").format(**result["client"]))
    for line in _what_goes(result):
        echo("  " + line)
    _left(result, err=False)
    _team_erasure(team, who, err=False)


def _team_erasure(team: Any, who: dict[str, Any], *, err: bool) -> None:
    """What reached the team, and what waits for the next sync or for a person."""
    if team is None:
        return
    from recoverytui.core.team.git import client_repo

    lines = []
    if team.registered:
        lines.append(
            _("The team's register of erased clients holds {handle}: every colleague's "
              "laptop erases them at its next sync.").format(handle=who["handle"])
        )  # fmt: skip
    else:
        lines.append(
            _("The team's server could not be reached: the erasure goes to the team at this "
              "laptop's next sync, and colleagues' laptops erase {handle} at theirs.").format(
                handle=who["handle"])
        )  # fmt: skip
    if not team.removed_on_server:
        said = _(
            "The plan's repository on the team's server could not be deleted from here "
            "({name}): ask whoever runs the server to delete it."
        )
        lines.append(said.format(name=client_repo(who["id"])))
    for line in lines:
        typer.echo(safe(line), err=err)
