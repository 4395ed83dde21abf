"""`recovery backup | restore | doctor`: copy the store, bring it back, check and mend it."""

from pathlib import Path
from typing import Annotated, Any

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import echo, echo_json, say, store, table
from recoverytui.cli.history import when_words
from recoverytui.cli.options import JsonOpt, MaybeClientOpt, one_or_all
from recoverytui.core import backup as backups
from recoverytui.core.i18n import _, ngettext

FromOpt = Annotated[
    str,
    typer.Option(
        "--from",
        help=_(
            "A daily backup's date (2026-11-26, yesterday), latest (the newest copy kept), "
            "a backup file or a full backup."
        ),
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=_("Don't ask before restoring."))]


@app.command(
    "backup",
    help=_(
        "Copy the whole store (index, plans, settings, templates) into a folder only you "
        "can read.\n"
        "\n"
        "Each file is checked as it is copied. One that can't be read as the store reads "
        "it is copied byte for byte all the same and named on stderr, with exit code 1: "
        "the backup is made, but it can't give that file back."
    ),
)
def backup_command(
    # A str, read as a path by core: Typer's Path fails on text no file system takes.
    out: Annotated[
        str | None,
        typer.Option("-o", "--out", help=_("An empty or new folder (default: backups/full-…).")),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    the_store = store()
    dest, files, unvouched = backups.backup_store(
        the_store.home, None if out is None else Path(out)
    )
    if as_json:
        echo_json({"path": str(dest), "files": [str(f) for f in files], "unvouched": unvouched})
    else:
        echo(_("Copied {count} files to {path}").format(count=len(files), path=dest))
    for doubt in unvouched:
        say(
            _(
                "{file}{client} could not be vouched for; it was copied as it is, and a "
                "restore from this backup leaves it out. Why: {reason}"
            ).format(
                file=doubt["file"],
                client=f" ({doubt['client']})" if doubt["client"] else "",
                reason=doubt["reason"],
            )
        )
    if unvouched:
        raise typer.Exit(1)


_KINDS = {
    "goals": lambda n: ngettext("{count} goal", "{count} goals", n),
    "dreams": lambda n: ngettext("{count} dream", "{count} dreams", n),
    "checkins": lambda n: ngettext("{count} check-in", "{count} check-ins", n),
    "areas": lambda n: ngettext("{count} ladder area", "{count} ladder areas", n),
    "needs": lambda n: ngettext("{count} need", "{count} needs", n),
    "reviews": lambda n: ngettext("{count} review", "{count} reviews", n),
}


def _things(counted: dict[str, int]) -> str:
    """'3 check-ins, 1 goal'."""
    return ", ".join(
        _KINDS[kind](counted[kind]).format(count=counted[kind])
        for kind in backups.COUNTED
        if counted.get(kind)
    )


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
        _what_changes(row["differences"])


def _what_changes(found: dict[str, Any] | None) -> None:
    """What the plan would lose and get back, in words; the history keeps every change."""
    if found is None:
        return
    if found["gone"]:
        echo(
            ngettext(
                "{things} not in the backup will be gone from the plan; the history keeps it.",
                "{things} not in the backup will be gone from the plan; the history keeps them.",
                sum(found["gone"].values()),
            ).format(things=_things(found["gone"]))
        )
    if found["back"]:
        echo(
            ngettext(
                "{things} changed since goes back to as it was in the backup.",
                "{things} changed since go back to as they were in the backup.",
                sum(found["back"].values()),
            ).format(things=_things(found["back"]))
        )
    if found["returning"]:
        echo(
            ngettext(
                "{things} not in the plan now comes back.",
                "{things} not in the plan now come back.",
                sum(found["returning"].values()),
            ).format(things=_things(found["returning"]))
        )
    if found["changes"]:
        echo(
            ngettext(
                "{count} change made after the backup will no longer be in the plan; the "
                "history keeps it.",
                "{count} changes made after the backup will no longer be in the plan; the "
                "history keeps them.",
                found["changes"],
            ).format(count=found["changes"])
        )


def _about(preview: dict[str, Any]) -> None:
    """Where the backup is from and when it was taken."""
    echo(
        _("From {source}, taken {taken}:").format(
            source=preview["source"], taken=when_words(preview["taken"])
        )
    )
    if preview.get("last_change"):
        echo(
            _("The last change in it was made {when}.").format(
                when=when_words(preview["last_change"])
            )
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


@app.command(
    "restore",
    help=_(
        "Bring one client's plan, or the whole store, back from a backup.\n"
        "\n"
        "Shows what the backup holds, when it was taken and what will change, and asks "
        "first. The plan as it is now is kept in backups/ (or, if it can't be read, in "
        "damaged/) before it is replaced; its history is kept whole, with one entry "
        "saying what was restored. With --all, a plan the backup holds damaged is left "
        "out and named (exit code 1), and the plan as it is now stays."
    ),
)
def restore_command(
    ctx: typer.Context,
    source: FromOpt,
    client: MaybeClientOpt = None,
    everything: Annotated[
        bool, typer.Option("--all", help=_("The whole store, from a full backup folder."))
    ] = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    client = one_or_all(ctx, client, everything)
    the_store = store()
    if the_store.encrypted:
        from recoverytui.cli.security import open_backup_key

        open_backup_key(source)
    if everything:
        preview = backups.preview_all(the_store, source)
        if not as_json:
            _about(preview)
            if preview["index_damaged"]:
                echo(_("The caseload index now can't be read; it will be replaced."))
            for handle in preview["added"]:
                echo(_("{client} comes back onto the caseload.").format(client=handle))
            for handle in preview["removed"]:
                leaves = _("{client} is not in the backup and leaves the caseload.")
                echo(leaves.format(client=handle))
            _unsound(preview["unsound"], echo)
            _counts_table(preview["clients"])
    else:
        preview = backups.preview_client(the_store, client, source)
        if not as_json:
            _about(preview)
            _counts_table([preview])
            if preview["newer"]:
                echo(
                    _(
                        "A newer copy is kept: {source}, taken {taken}. "
                        "`--from latest` restores from it."
                    ).format(
                        source=preview["newer"]["source"],
                        taken=when_words(preview["newer"]["taken"]),
                    )
                )
    _confirm(yes, as_json)
    if everything:
        done = backups.restore_all(the_store, source)
    else:
        done = backups.restore_client(the_store, client, source)
    if as_json:
        echo_json(done)
    else:
        echo(_("Restored."))
        if done["kept"]:
            echo(_("What was there before is kept in {path}").format(path=done["kept"]))
        if done.get("history_kept"):
            echo(
                ngettext(
                    "The backup's history had gone another way: its {count} entry the plan "
                    "lacked is kept in the history.",
                    "The backup's history had gone another way: its {count} entries the plan "
                    "lacked are kept in the history.",
                    done["history_kept"],
                ).format(count=done["history_kept"])
            )
    if done["history_lost"]:
        say(
            ngettext(
                "{count} entry of the history could not be recovered from any copy; the "
                "history records that it is lost.",
                "{count} entries of the history could not be recovered from any copy; the "
                "history records that they are lost.",
                done["history_lost"],
            ).format(count=done["history_lost"])
        )
    if everything and done["unsound"]:
        _unsound(done["unsound"], say)
        raise typer.Exit(1)


def _unsound(unsound: list[dict[str, Any]], out: Any) -> None:
    for item in unsound:
        words = _(
            "Not restored: {file}{client}; its copy in the backup can't be read, so what is "
            "there now stays. Why: {reason}"
        )
        client = f" ({item['client']})" if item["client"] else ""
        out(words.format(file=item["file"], client=client, reason=item["reason"]))


@app.command(
    "doctor",
    help=_(
        "Check every file of the store and say what is wrong, changing nothing.\n"
        "\n"
        "Exit code 0: all is well. 1: problems were found (with --repair: problems remain "
        "after it). 2: bad input. --repair never deletes: a damaged file goes to damaged/ "
        "and the newest good copy in backups/ takes its place; a plan missing from the "
        "caseload is listed again; a lost caseload index is built again from its newest "
        "copy, with its log."
    ),
)
def doctor_command(
    repair: Annotated[
        bool,
        typer.Option("--repair", help=_("Mend what can be mended; damaged files are moved aside.")),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
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
            echo(
                ngettext("{count} problem remains.", "{count} problems remain.", len(left)).format(
                    count=len(left)
                )
            )
        elif any(problem.kind == "key-missing" for problem in found):
            echo(_("Nothing was changed. Until the key file is back, --repair changes nothing."))
        elif all(problem.kind in ("history-broken", "log-lost") for problem in found):
            echo(
                _(
                    "Nothing was changed. An altered history is kept as it is: "
                    "--repair won't mend it."
                )
            )
        elif all(problem.kind in doctor.LEFT_TO_A_PERSON for problem in found):
            echo(_("Nothing was changed, and --repair would change nothing of this either."))
        else:
            echo(_("Nothing was changed. Run `recovery doctor --repair` to mend what can be."))
    if left:
        raise typer.Exit(1)
