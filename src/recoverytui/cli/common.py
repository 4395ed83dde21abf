"""Options and output shared by the command modules: one way to print, one way to pick a client."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from recoverytui.core.i18n import _
from recoverytui.core.store import Store
from recoverytui.core.text import one_line, pad, safe, width

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


VoiceOpt = Annotated[
    str, typer.Option("--voice", help=_("Whose words these are: client, worker or together."))
]


def store() -> Store:
    return Store()


_C1 = re.compile(r"[\x80-\x9f]")


def echo_json(value: Any) -> None:
    """JSON with text kept verbatim; C1 controls escaped too, as json leaves them raw."""
    payload = json.dumps(value, ensure_ascii=False, indent=2)
    typer.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", payload))


def echo(line: str = "") -> None:
    typer.echo(safe(line))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Aligned columns in the manner of Taskwarrior; the last column is left ragged."""
    cells = [[one_line(cell) for cell in row] for row in rows]
    heads = [one_line(head) for head in headers]
    widths = [max([width(heads[i])] + [width(row[i]) for row in cells]) for i in range(len(heads))]

    def line(row: Sequence[str]) -> str:
        parts = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        return "  ".join(parts).rstrip()

    typer.echo(line(heads))
    for row in cells:
        typer.echo(line(row))
