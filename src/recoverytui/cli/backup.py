"""`recovery backup | restore | doctor`: copy the store, bring it back, check and mend it."""

from pathlib import Path
from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, store, table
from recoverytui.cli.options import JsonOpt
from recoverytui.core import backup as backups
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

FromOpt = Annotated[
    str,
    typer.Option(
        "--from",
        help=_("A daily backup's date (2026-11-26, yesterday), a backup file or a full backup."),
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=_("Don't ask before restoring."))]


@app.command("backup")
def backup_command(
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help=_("An empty or new folder (default: backups/full-…).")),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Copy the whole store (index, plans, settings, templates) into a folder only you can read."""
    the_store = store()
    dest, files = backups.backup_store(the_store.home, out)
    if as_json:
        echo_json({"path": str(dest), "files": [str(f) for f in files]})
    else:
        echo(_("Copied {count} files to {path}").format(count=len(files), path=dest))


def _counts_table(rows: list[dict[str, Any]]) -> None:
    def shown(counts: dict[str, int] | None, kind: str) -> str:
        return "?" if counts is None else str(counts[kind])

    words = {
        "goals": _("goals"),
        "dreams": _("dreams"),
        "checkins": _("check-ins"),
        "areas": _("areas"),
        "needs": _("needs"),
        "reviews": _("reviews"),
    }
    for row in rows:
        if row["same"]:
            echo(_("{client}: the backup is the same as the plan now.").format(**row))
            continue
        if row["now"] is None:
            echo(_("{client}: the plan now can't be read; it will be moved aside.").format(**row))
        echo(_("{client}, now and in the backup:").format(**row))
        table(
            [_("What"), _("Now"), _("Backup")],
            [[words[k], shown(row["now"], k), shown(row["backup"], k)] for k in backups.COUNTED],
        )


def _confirm(yes: bool, as_json: bool) -> None:
    if yes:
        return
    try:
        agreed = typer.confirm(_("Restore from this backup?"), default=False, err=as_json)
    except typer.Abort:  # end of input or Ctrl+C: a no, said the same way
        agreed = False
    if not agreed:
        typer.echo(_("Nothing was changed."), err=True)
        raise typer.Exit(1)


@app.command("restore")
def restore_command(
    source: FromOpt,
    client: Annotated[
        str | None,
        typer.Option("--client", "-c", help=_("The client's handle or id (or use --all).")),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help=_("The whole store, from a full backup folder."))
    ] = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Bring one client's plan, or the whole store, back from a backup.

    Shows what will change and asks first. The plan as it is now is kept in backups/ (or,
    if it can't be read, in damaged/) before it is replaced."""
    if everything == (client is not None):
        raise InvalidInput(_("Say which client with -c CLIENT, or --all for the whole store."))
    the_store = store()
    if the_store.encrypted:
        from recoverytui.cli.security import open_backup_key

        open_backup_key(source)
    if everything:
        preview = backups.preview_all(the_store, source)
        if not as_json:
            echo(_("From {source}:").format(**preview))
            if preview["index_damaged"]:
                echo(_("The caseload index now can't be read; it will be replaced."))
            for handle in preview["added"]:
                echo(_("{client} comes back onto the caseload.").format(client=handle))
            for handle in preview["removed"]:
                leaves = _("{client} is not in the backup and leaves the caseload.")
                echo(leaves.format(client=handle))
            _counts_table(preview["clients"])
    else:
        preview = backups.preview_client(the_store, client, source)
        if not as_json:
            echo(_("From {source}:").format(**preview))
            _counts_table([preview])
    _confirm(yes, as_json)
    if everything:
        done = backups.restore_all(the_store, source)
    else:
        done = backups.restore_client(the_store, client, source)
    if as_json:
        echo_json(done)
        return
    echo(_("Restored."))
    if done["kept"]:
        echo(_("What was there before is kept in {path}").format(path=done["kept"]))


@app.command("doctor")
def doctor_command(
    repair: Annotated[
        bool,
        typer.Option("--repair", help=_("Mend what can be mended; damaged files are moved aside.")),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check every file of the store and say what is wrong, changing nothing.

    Exit code 0: all is well. 1: problems were found (with --repair: problems remain after
    it). 2: bad input. --repair never deletes: a damaged file goes to damaged/ and the newest
    good daily backup takes its place; a plan missing from the caseload is listed again."""
    from recoverytui.core import doctor

    the_store = store()
    if repair:
        found, left = doctor.repair(the_store)
    else:
        found = left = doctor.examine(the_store)
    if as_json:
        echo_json(
            {
                "ok": not left,
                "problems": [p.as_dict() for p in found],
                "remaining": [p.as_dict() for p in left] if repair else None,
            }
        )
    else:
        for problem in found:
            echo(_("Problem: {message}").format(message=problem.message))
            if problem.repair:
                echo(_("  Repair: {what}").format(what=problem.repair))
        if not found and not the_store.home.is_dir():
            # A mistyped $RECOVERY_HOME should not read as a clean bill of health.
            echo(
                _("There is no store in {home} yet: nothing to check.").format(home=the_store.home)
            )
        elif not found:
            echo(_("All is well: every file opens and the caseload matches the plans."))
        elif repair and not left:
            echo(_("Everything found has been mended."))
        elif repair:
            echo(_("{count} problems remain.").format(count=len(left)))
        elif all(problem.kind == "history-broken" for problem in found):
            echo(
                _(
                    "Nothing was changed. An altered history is kept as it is: "
                    "--repair won't mend it."
                )
            )
        else:
            echo(_("Nothing was changed. Run `recovery doctor --repair` to mend what can be."))
    if left:
        raise typer.Exit(1)
