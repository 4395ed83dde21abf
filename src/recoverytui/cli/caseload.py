"""`recovery caseload`: what is due, per client. What it does is in cli/quick_commands.py,
which the quick path also runs; this declares it for Typer (help, and mistakes said)."""

from recoverytui.cli import quick_commands
from recoverytui.cli.app import app
from recoverytui.cli.options import JsonOpt
from recoverytui.core.i18n import _


@app.command(
    "caseload",
    help=_(
        "What is due, per client: who coordinates, when the plan and the crisis plan are to "
        "be gone through, the last weekly review and check-in, and agreed actions past their "
        "date."
    ),
)
def caseload(as_json: JsonOpt = False) -> None:
    quick_commands.caseload(as_json=as_json)
