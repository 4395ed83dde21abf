"""The Typer options that many commands share. Only the Typer side of the CLI imports this;
the quick path (cli/quick.py) runs without Typer."""

from typing import Annotated

import typer

from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _


def _client() -> typer.models.OptionInfo:
    return typer.Option(
        "--client",
        "-c",
        envvar="RECOVERY_CLIENT",
        show_envvar=True,
        help=_("The client's handle or id."),
    )


ClientOpt = Annotated[str, _client()]
# For a command that can also do without one client (report weekly --all).
MaybeClientOpt = Annotated[str | None, _client()]


def one_or_all(ctx: typer.Context, client: str | None, everyone: bool) -> str | None:
    """The client asked for, or None for --all. -c from $RECOVERY_CLIENT does not stand in
    the way of --all; -c typed with it does."""
    source = ctx.get_parameter_source("client")
    typed = client is not None and getattr(source, "name", None) != "ENVIRONMENT"
    if everyone and typed:
        raise InvalidInput(_("Give either -c CLIENT or --all, not both."))
    if not everyone and not client:
        raise InvalidInput(
            _("Say which client with -c HANDLE (or $RECOVERY_CLIENT), or give --all.")
        )
    return None if everyone else client


JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON for scripts."))]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help=_("2026-12-01, 01.12.2026, today, yesterday, a weekday or -3d.")),
]
VoiceOpt = Annotated[
    str, typer.Option("--voice", help=_("Whose words these are: client, worker or together."))
]
