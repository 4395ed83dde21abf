"""Options and output shared by the command modules: one way to print, one way to pick a client."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recoverytui.core.i18n import _
from recoverytui.core.storage import is_open
from recoverytui.core.store import Store
from recoverytui.core.text import one_line, pad, safe, width

if TYPE_CHECKING:
    from recoverytui.core.templates import Templates

ClientOpt = Annotated[
    str,
    typer.Option(
        "--client",
        "-c",
        envvar="RECOVERY_CLIENT",
        show_envvar=True,
        help=_("The client's handle or id."),
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON for scripts."))]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help=_("2026-12-01, 01.12.2026, today, yesterday, a weekday or -3d.")),
]


VoiceOpt = Annotated[
    str, typer.Option("--voice", help=_("Whose words these are: client, worker or together."))
]


def plain_store() -> Store:
    """The store, not yet opened if it is encrypted (for init and passphrase)."""
    return Store()


def store() -> Store:
    """The store, opened with its passphrase first if it is encrypted."""
    the_store = Store()
    if the_store.encrypted and not is_open():
        from recoverytui.cli.security import ask_passphrase
        from recoverytui.core.crypto import unlock

        cipher = unlock(the_store.home, ask_passphrase(_("Passphrase for the store")))
        if not cipher.finished:
            typer.echo(
                "recovery: "
                + _(
                    "Encrypting this store was interrupted, so some files are still plain. "
                    "Run `recovery init --encrypt` to finish it."
                ),
                err=True,
            )
    return the_store


_C1 = re.compile(r"[\x7f-\x9f]")  # DEL and the C1 controls


def echo_json(value: Any) -> None:
    """JSON with text kept verbatim; C1 controls escaped too, as json leaves them raw."""
    payload = json.dumps(value, ensure_ascii=False, indent=2)
    typer.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", payload))


def warn_templates(templates: Templates) -> None:
    """A malformed template was passed over for the built-in one: say so, on stderr."""
    for warning in templates.warnings:
        typer.echo(f"recovery: {safe(warning)}", err=True)


def echo(line: str = "") -> None:
    typer.echo(safe(line))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    details: Sequence[Sequence[str]] | None = None,
) -> None:
    """Aligned columns in the manner of Taskwarrior; the last column is left ragged.

    `details` gives each row lines printed under it, indented (a ladder's recent moves)."""
    cells = [[one_line(cell) for cell in row] for row in rows]
    heads = [one_line(head) for head in headers]
    widths = [max([width(heads[i])] + [width(row[i]) for row in cells]) for i in range(len(heads))]

    def line(row: Sequence[str]) -> str:
        parts = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        return "  ".join(parts).rstrip()

    typer.echo(line(heads))
    for index, row in enumerate(cells):
        typer.echo(line(row))
        for extra in details[index] if details else ():
            echo("     " + extra)
