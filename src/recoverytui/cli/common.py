"""What the command modules share: one way to print, one way to open the store.

Free of Typer, so that the quick commands (cli/quick.py) can print without loading it. Text is
written as click.echo writes it: a line, then a flush.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from recoverytui.core.errors import PlanError, StoreUnusable
from recoverytui.core.i18n import _
from recoverytui.core.storage import is_open
from recoverytui.core.store import Store
from recoverytui.core.text import one_line, pad, safe, width

if TYPE_CHECKING:
    from recoverytui.core.templates import Templates

# A script's passphrase for an encrypted store; read once, then removed from the environment.
PASSPHRASE_ENV = "RECOVERY_PASSPHRASE"


def plain_store() -> Store:
    """The store, not yet opened if it is encrypted (for init and passphrase). What it has
    to say while a command works (settings that can't be read) goes to stderr."""
    the_store = Store()
    the_store.on_warning = say
    return the_store


def store() -> Store:
    """The store, opened with its passphrase first if it is encrypted."""
    the_store = plain_store()
    if the_store.encrypted and not is_open():
        from recoverytui.cli.security import ask_passphrase
        from recoverytui.core.crypto import unlock

        cipher = unlock(the_store.home, ask_passphrase(_("Passphrase for the store")))
        if cipher.rotating:
            from recoverytui.cli.security import finish_rotation

            finish_rotation(the_store.home, cipher)
        if not cipher.finished:
            say(
                _(
                    "Encrypting this store was interrupted, so some files are still plain. "
                    "Run `recovery init --encrypt` to finish it."
                )
            )
    return the_store


def say_conflicts(the_store: Store, client_id: str) -> None:
    """In a team, a line on stderr when parts of the plan were changed on two laptops: what
    is shown is the newer version, and another exists."""
    from recoverytui.core.team.config import in_team, open_conflicts

    if not in_team(the_store.home):
        return
    count = open_conflicts(the_store.home, client_id)
    if count:
        from recoverytui.core.i18n import ngettext

        handle = the_store.find_client(client_id)["handle"]
        say(
            ngettext(
                "{count} part of this plan was changed on two laptops apart: the newer version "
                "is shown, and another exists. Choose with `recovery conflicts -c {handle}`.",
                "{count} parts of this plan were changed on two laptops apart: the newer "
                "versions are shown, and others exist. Choose with "
                "`recovery conflicts -c {handle}`.",
                count,
            ).format(count=count, handle=handle)
        )


# DEL, the C1 controls and the bidi controls, which json leaves raw.
_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def echo_json(value: Any) -> None:
    """JSON with text kept verbatim; what could steer a terminal escaped as \\uXXXX."""
    payload = json.dumps(value, ensure_ascii=False, indent=2)
    _write(_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", payload))


def warn_templates(templates: Templates) -> None:
    """A malformed template was passed over for the built-in one: say so, on stderr."""
    for warning in templates.warnings:
        say(warning)


def echo(line: str = "") -> None:
    """A line of text on stdout, with anything that could steer the terminal made visible."""
    _write(safe(line))


def refusal(error: Exception) -> PlanError | None:
    """What to tell a person, exit code 2, for an error that is theirs to act on: a rule
    broken, or a file or folder not usable as it is. None for anything else (a bug)."""
    if isinstance(error, PlanError):
        return error
    if isinstance(error, OSError) and error.errno in StoreUnusable.CAUSES:
        return StoreUnusable.from_os_error(error)
    return None


def say(message: object) -> None:
    """One line on stderr, as `recovery: …`: a refusal, a warning."""
    _write(f"recovery: {safe(message)}", sys.stderr)


def _write(line: str, stream: Any = None) -> None:
    stream = stream or sys.stdout
    if stream is None:  # started with stdout closed: nowhere to write, as for click.echo
        return
    text = line + "\n"
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # A terminal said to take ASCII only (LC_ALL=C, PYTHONIOENCODING=ascii) gets UTF-8,
        # as click.echo gives it; another encoding gets "?" for what it can't show.
        encoding = getattr(stream, "encoding", None) or "ascii"
        if codecs.lookup(encoding).name == "ascii":
            encoding = "utf-8"
        stream.flush()
        stream.buffer.write(text.encode(encoding, "replace"))
    stream.flush()


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

    _write(line(heads))
    for index, row in enumerate(cells):
        _write(line(row))
        for extra in details[index] if details else ():
            echo("     " + extra)
