"""`recovery team init|join|workers|share|unshare`, `recovery sync` and `recovery conflicts`:
a caseload shared by a team, each plan travelling through the team's server, encrypted."""

from __future__ import annotations

import getpass
import shlex
from typing import Annotated, Any

import typer

from recoverytui.cli.app import app, sub_app
from recoverytui.cli.common import echo, echo_json, say, store, table
from recoverytui.cli.options import ClientOpt, JsonOpt
from recoverytui.core.documents import part_words, removal_words
from recoverytui.core.i18n import _, ngettext
from recoverytui.core.text import one_line

team_app = sub_app("team", _("Share the caseload with a team, through the team's server."))

RemoteArg = Annotated[
    str,
    typer.Argument(
        help=_("Where the team's repositories live: a folder, a file:// or ssh:// URL."),
        show_default=False,
    ),
]
NameOpt = Annotated[
    str | None,
    typer.Option("--name", help=_("Your name as colleagues see it (default: your login name).")),
]
WithOpt = Annotated[str, typer.Option("--with", help=_("The colleague, by name or id."))]


def _name(name: str | None) -> str:
    return name if name is not None else getpass.getuser()


@team_app.command("init", help=_("Start a team: this store becomes its first laptop."))
def init_command(
    remote: RemoteArg,
    name: NameOpt = None,
    recovery_key: Annotated[
        str | None,
        typer.Option(
            "--recovery-key",
            help=_(
                "An age public key the team keeps offline, to which every plan is also encrypted."
            ),
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core.team import manage

    config = manage.init(store(), remote, _name(name), recovery_key)
    _joined(config, as_json, _("Started a team at {remote} as {name}."))


@team_app.command("join", help=_("Join a team; prints this worker's public key."))
def join_command(
    remote: RemoteArg,
    name: NameOpt = None,
    guest: Annotated[
        bool,
        typer.Option(
            "--guest",
            help=_(
                "You are not one of the team's usual workers (a cover from elsewhere): "
                "whoever shares a plan with you sees the client's consents first."
            ),
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core.team import manage

    config = manage.join(store(), remote, _name(name), guest)
    _joined(config, as_json, _("Joined the team at {remote} as {name}."))
    if not as_json:
        echo(_("A colleague's next sync lets this laptop read the team's names."))


def _joined(config: Any, as_json: bool, words: str) -> None:
    if as_json:
        echo_json(
            {
                "remote": config.remote,
                "worker": config.worker_id,
                "name": config.worker_name,
                "public_key": config.public,
            }
        )
        return
    echo(words.format(remote=config.remote, name=config.worker_name))
    echo(_("Your public key: {key}").format(key=config.public))
    echo(_("Clients on this laptop go to the team's server, encrypted, at `recovery sync`."))


@team_app.command("workers", help=_("The team's workers, their public keys, whom each sees."))
def workers_command(as_json: JsonOpt = False) -> None:
    from recoverytui.core.team import manage

    rows = manage.workers(store())
    if as_json:
        echo_json(rows)
        return
    table(
        [_("Worker"), _("Id"), _("Clients"), _("Public key")],
        [
            [
                (row["name"] or _("(name not readable yet)"))
                + (" *" if row["me"] else "")
                + (" " + _("(guest)") if row["guest"] else ""),
                row["id"],
                ", ".join(row["clients"]) or "-",
                row["public_key"],
            ]
            for row in rows
        ],
    )


@team_app.command("share", help=_("Let a colleague see a client's plan."))
def share_command(client: ClientOpt, worker: WithOpt, as_json: JsonOpt = False) -> None:
    from recoverytui.core.team import manage

    shared = manage.share(store(), client, worker)
    if as_json:
        echo_json({"client": shared.client["handle"], "with": shared.worker,
                   "guest": shared.guest, "consents": shared.consents,
                   **shared.report.as_json()})  # fmt: skip
        return
    echo(
        _("{handle} is shared with {worker}; they see the plan at their next sync.").format(
            handle=shared.client["handle"], worker=shared.worker
        )
    )
    if shared.guest:
        _consent_ledger(shared)
    _said(shared.report)


def _consent_ledger(shared: Any) -> None:
    """Sharing with someone outside the team's usual workers: the client's consents, so
    the worker sees what the client agreed to before the plan goes further."""
    from recoverytui.cli.sharing import consent_table

    echo(
        _(
            "{worker} is not one of the team's usual workers. The client's consents to share:"
        ).format(worker=shared.worker)
    )
    if shared.consents:
        consent_table(shared.consents)
    else:
        echo(_("No consents are registered. If the client has not agreed to this, unshare with "
               "`recovery team unshare -c {handle} --with {worker}`.").format(
                   handle=shared.client["handle"], worker=shlex.quote(shared.worker)))  # fmt: skip


@team_app.command(
    "unshare",
    help=_(
        "A colleague no longer sees a client's plan. What they synced before stays on their "
        "laptop until their next sync, which removes it."
    ),
)
def unshare_command(client: ClientOpt, worker: WithOpt, as_json: JsonOpt = False) -> None:
    from recoverytui.core.team import manage

    shared = manage.unshare(store(), client, worker)
    if as_json:
        echo_json({"client": shared.client["handle"], "without": shared.worker,
                   **shared.report.as_json()})  # fmt: skip
        return
    echo(
        _(
            "{worker} no longer sees {handle}: from now on the plan is written with a key "
            "they don't have. What they synced before is still on their laptop until their "
            "next sync, which removes it."
        ).format(handle=shared.client["handle"], worker=shared.worker)
    )
    _said(shared.report)


@app.command(
    "sync",
    help=_(
        "Send this laptop's changes to the team's server and take in colleagues'. "
        "Exit code 1 when a plan could not be reached or a conflict waits for a choice."
    ),
)
def sync_command(as_json: JsonOpt = False) -> None:
    from recoverytui.core.team.sync import Team

    report = Team(store()).sync()
    if as_json:
        echo_json(report.as_json())
    else:
        _said(report)
        if not any(report.as_json().values()):
            echo(_("Nothing new to send or take in."))
    if report.unreached or report.conflicts:
        raise typer.Exit(1)


def _said(report: Any) -> None:
    for row in report.sent:
        echo(_("Sent {handle}: {what}.").format(handle=row["client"], what=_count(row)))
    for row in report.received:
        echo(
            _("Took in {handle}: {count}.").format(
                handle=row["client"],
                count=ngettext("{n} document", "{n} documents", row["documents"]).format(
                    n=row["documents"]
                ),
            )
        )
    for row in report.removed:
        why = removal_words(row["why"])
        echo(_("Removed {handle} from this laptop: {why}.").format(handle=row["client"], why=why))
    for row in report.conflicts:
        echo(
            _(
                "{handle}: {what} was changed on two laptops. The newer is shown; choose with "
                "`recovery conflicts -c {handle}`."
            ).format(handle=row["client"], what=part_words(row["table"], row.get("number")))
        )
    for row in report.unreached:
        say(_("Could not sync {handle}: {why}").format(handle=row["client"], why=row["why"]))


def _count(row: dict[str, Any]) -> str:
    parts = [ngettext("{n} document", "{n} documents", row["documents"]).format(n=row["documents"])]
    if row.get("history"):
        parts.append(
            ngettext("{n} history entry", "{n} history entries", row["history"]).format(
                n=row["history"]
            )
        )
    return ", ".join(parts)


@app.command(
    "conflicts",
    help=_(
        "Documents changed on two laptops apart, with every version; --keep chooses one "
        "(mine, theirs or a version's number). The choice goes to the team at the next sync."
    ),
)
def conflicts_command(
    client: ClientOpt,
    keep: Annotated[
        str | None,
        typer.Option("--keep", help=_("mine, theirs, or the number of the version to keep.")),
    ] = None,
    document: Annotated[
        str | None,
        typer.Option("--document", help=_("Only this one (its number, or id from --json).")),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core.team import manage

    the_store = store()
    if keep is not None:
        kept = manage.keep(the_store, client, keep, document)
        if as_json:
            echo_json({"kept": [_conflict_json(c) for c in kept]})
            return
        for conflict in kept:
            echo(_("Kept a version of {what}; it goes to the team at the next sync.").format(
                what=part_words(conflict.table, conflict.number)))  # fmt: skip
        return
    entry, found = manage.conflicts(the_store, client)
    if as_json:
        echo_json({"client": entry["handle"], "conflicts": [_conflict_json(c) for c in found]})
        return
    if not found:
        echo(_("No conflicts in the plan of {handle}.").format(handle=entry["handle"]))
        return
    for conflict in found:
        what = part_words(conflict.table, conflict.number)
        said = _("{what} was changed on two laptops:").format(what=what)
        echo(said[:1].upper() + said[1:])
        for choice in conflict.choices:
            marks = []
            if choice.shown:
                marks.append(_("shown now"))
            if choice.mine:
                marks.append(_("this laptop"))
            echo(
                "  "
                + _("{number}. by {worker}, {at}{marks}").format(
                    number=choice.number,
                    worker=choice.worker,
                    at=choice.at[:16].replace("T", " "),
                    marks=f" ({', '.join(marks)})" if marks else "",
                )
            )
            for line in _lines(choice.doc, _differing(conflict)):
                echo("     " + line)
    echo(_("Choose with `recovery conflicts -c {handle} --keep mine|theirs|N`.").format(
        handle=entry["handle"]))  # fmt: skip


# What tells the versions apart is shown; bookkeeping never is.
_UNSHOWN = ("id", "client_id", "created", "updated", "revision")


def _differing(conflict: Any) -> list[str]:
    docs = [choice.doc or {} for choice in conflict.choices]
    keys = [k for doc in docs for k in doc if k not in _UNSHOWN]
    return [k for k in dict.fromkeys(keys) if len({repr(doc.get(k)) for doc in docs}) > 1]


def _lines(doc: dict[str, Any] | None, keys: list[str]) -> list[str]:
    if doc is None:
        return [_("(removed)")]
    lines = []
    for key in keys or [k for k in ("title", "text", "name", "words") if k in doc][:1]:
        value = doc.get(key)
        if isinstance(value, list):
            value = "; ".join(
                str(item.get("text", item)) if isinstance(item, dict) else str(item)
                for item in value
            )
        lines.append(f"{key}: {one_line('-' if value in (None, '') else str(value))}")
    return lines


def _conflict_json(conflict: Any) -> dict[str, Any]:
    return {
        "document": conflict.doc_id,
        "table": conflict.table,
        "versions": [
            {
                "number": c.number,
                "worker": c.worker,
                "at": c.at,
                "mine": c.mine,
                "shown": c.shown,
                "doc": c.doc,
            }
            for c in conflict.choices
        ],
    }
