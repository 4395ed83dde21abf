"""The Typer app that every command module registers on, and the error contract.

A PlanError from core becomes one line on stderr and exit code 2; nothing was written,
because core raises before the store commits. So does an error of the files and folders
around the program (no permission, a read-only disk, a file where a folder belongs, a name
too long) that core did not word.
"""

import typer
from typer.core import TyperGroup

from recoverytui.cli import click_words
from recoverytui.cli.common import refusal, say
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _

click_words.install()


class RecoveryGroup(TyperGroup):
    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (PlanError, OSError) as error:
            told = refusal(error)
            if told is None:
                raise
            say(told)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="recovery",
    cls=RecoveryGroup,
    help=_("Keep a recovery plan together: small goals, hopes and dreams, check-ins."),
    # Plain click output: help and errors never pass through Rich markup.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def sub_app(name: str, help: str) -> typer.Typer:
    """The commands under `recovery NAME`, with the same plain help and error contract."""
    commands = typer.Typer(
        cls=RecoveryGroup, help=help, rich_markup_mode=None, no_args_is_help=True
    )
    app.add_typer(commands, name=name)
    return commands


client_app = sub_app("client", _("Add, list, show, archive and erase clients."))
