"""`recovery init [--encrypt]` and `recovery passphrase`: encryption at rest, opt-in.

The passphrase is asked with a hidden prompt, never taken as an argument (it would stay in
the shell's history and in the process list). Scripts may set $RECOVERY_PASSPHRASE; it is
read once and removed from the environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recoverytui.cli.app import app
from recoverytui.cli.common import PASSPHRASE_ENV, echo, echo_json, plain_store, say
from recoverytui.cli.options import JsonOpt
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _, ngettext
from recoverytui.core.storage import make_private_dir

if TYPE_CHECKING:
    from recoverytui.core.crypto import Cipher


def ask_passphrase(prompt: str) -> str:
    """The passphrase from $RECOVERY_PASSPHRASE (then removed from the environment) or a
    hidden prompt on the terminal."""
    given = os.environ.pop(PASSPHRASE_ENV, None)
    if given is not None:
        return given
    return _hidden(prompt)


def ask_new_passphrase() -> str:
    from recoverytui.core import crypto

    given = os.environ.pop(PASSPHRASE_ENV, None)
    if given is not None:
        crypto.check_passphrase(given)
        return given
    first = _hidden(_("New passphrase"))
    crypto.check_passphrase(first)
    again = _hidden(_("The same passphrase again"))
    if again != first:
        raise InvalidInput(_("The two passphrases were not the same. Nothing was changed."))
    return first


@app.command(
    "init",
    help=_(
        "Make the store's folder; with --encrypt, encrypt the store with a passphrase.\n"
        "\n"
        "On a store that has data already, every file is encrypted in place (backups "
        "too). Run again after an interruption, it finishes the job."
    ),
)
def init(
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt", help=_("Encrypt every file of the store with a passphrase from now on.")
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core import crypto

    the_store = plain_store()
    home = the_store.home
    make_private_dir(home)
    if not encrypt:
        result = {"home": str(home), "encrypted": the_store.encrypted, "sealed": 0}
    else:
        if the_store.encrypted:
            cipher = crypto.unlock(home, ask_passphrase(_("Passphrase")))
            if cipher.rotating:
                finish_rotation(home, cipher)
        else:
            crypto.create(home, ask_new_passphrase())
        sealed = crypto.seal_store(home)
        crypto.mark_finished(home)
        result = {"home": str(home), "encrypted": True, "sealed": len(sealed)}
    printouts = home / "printouts"
    plain_printouts = sorted(p.name for p in printouts.glob("*")) if printouts.is_dir() else []
    if as_json:
        echo_json({**result, "plain_printouts": plain_printouts})
        return
    echo(_("The store is in {home}.").format(home=home))
    if result["encrypted"]:
        echo(
            _(
                "It is encrypted. Files encrypted now: {n}. Keep the passphrase safe: without it "
                "the plans can't be read, by anyone."
            ).format(n=result["sealed"])
        )
    if plain_printouts:
        echo(
            _(
                "Printouts in {folder} are not encrypted (a printout is for paper): {n}. "
                "Delete them once they are printed."
            ).format(n=len(plain_printouts), folder=printouts)
        )


@app.command(
    "passphrase",
    help=_(
        "Change the store's passphrase and its key: every file is encrypted again, so the "
        "old passphrase opens nothing in the store. Cut short, it is finished by the next "
        "command."
    ),
)
def passphrase(as_json: JsonOpt = False) -> None:
    from recoverytui.core import crypto

    the_store = plain_store()
    if not the_store.encrypted:
        raise InvalidInput(
            _("This store is not encrypted. Turn it on with: recovery init --encrypt")
        )
    old = ask_passphrase(_("Current passphrase"))
    cipher = crypto.unlock(the_store.home, old)  # a wrong one is said before a new one is asked
    if cipher.rotating:
        finish_rotation(the_store.home, cipher)
    new = ask_new_passphrase()
    if new == old:
        raise InvalidInput(
            _("The new passphrase is the same as the current one. Nothing was changed.")
        )
    done = crypto.change_passphrase(the_store.home, old, new)
    if as_json:
        echo_json(
            {
                "home": str(the_store.home),
                "changed": True,
                "encrypted_again": done.resealed,
                "finished": done.finished,
                "damaged": [str(p.relative_to(the_store.home)) for p in done.damaged],
            }
        )
        return
    echo(
        ngettext(
            "The passphrase is changed, and the store is encrypted again with a new key "
            "({n} file): the old passphrase opens nothing here any more. Use the new one "
            "from now on.",
            "The passphrase is changed, and the store is encrypted again with a new key "
            "({n} files): the old passphrase opens nothing here any more. Use the new one "
            "from now on.",
            done.resealed,
        ).format(n=done.resealed)
    )
    for line in done.notes(the_store.home):
        say(line)
    echo(
        _(
            "A backup made outside the store (`recovery backup -o`) before now still opens "
            "with the old passphrase: make a new one, and destroy the old."
        )
    )


def open_backup_key(source: str) -> None:
    """A backup made with `backup -o` before a change of passphrase keeps the key file of
    its day: ask for the passphrase it opens with (never from $RECOVERY_PASSPHRASE, which
    holds the store's)."""
    from recoverytui.core import crypto

    key_file = crypto.backup_key(Path(source).expanduser())
    if key_file is not None:
        asked = _("Passphrase of the backup (the one in use when it was made)")
        crypto.open_backup(key_file, _hidden(asked))


def finish_rotation(home: Path, cipher: Cipher) -> None:
    """Finish a change of passphrase that was cut short, and say so on stderr."""
    from recoverytui.core import crypto

    for line in crypto.finish_cut_short(home, cipher):
        say(line)


def _hidden(prompt: str) -> str:
    import getpass
    import warnings

    if not _terminal():
        raise InvalidInput(_no_terminal())
    try:
        with warnings.catch_warnings():
            # Should getpass find no way to hide the typing after all, it stops here: no
            # warning, no prompt, nothing read with the typing shown.
            warnings.simplefilter("error", getpass.GetPassWarning)
            # An empty answer is an answer: it gets a message, not the same question again.
            return typer.prompt(prompt, hide_input=True, err=True, default="", show_default=False)
    except getpass.GetPassWarning:
        raise InvalidInput(_no_terminal()) from None
    except typer.Abort:  # end of input, or Ctrl+C / Ctrl+D at the prompt
        raise InvalidInput(
            _(
                "The store is encrypted and no passphrase was given. Type it at the prompt, "
                "or set ${env} for a script."
            ).format(env=PASSPHRASE_ENV)
        ) from None


def _terminal() -> bool:
    """Whether there is a terminal to ask on, as getpass looks for one: the process's own
    (/dev/tty), else stdin. A stdin with no file behind it belongs to a program that runs
    this one inside itself (a test runner), which answers the prompt itself."""
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
        return True
    except OSError:
        pass
    if sys.stdin is None:
        return False
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, ValueError, OSError):
        return True


def _no_terminal() -> str:
    return _(
        "The store is encrypted, and there is no terminal to ask for its passphrase on. "
        "Run the command in a terminal, or set ${env} for a script."
    ).format(env=PASSPHRASE_ENV)
