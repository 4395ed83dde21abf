"""The `recovery` command line. Starting it must stay cheap: no textual, no PDF library, and
only the one module that holds the command asked for (each module registers its commands on
the app when imported). The quick commands don't load Typer at all (cli/quick.py).
"""

import os
import sys
from importlib import import_module

from recoverytui import INTERRUPTED, from_interrupt
from recoverytui.core.i18n import _

# Which module registers each command. `recovery add-goal` imports goals.py and nothing of
# the others; help, and anything not listed here, loads them all. A test keeps this true.
COMMANDS = {
    **dict.fromkeys(("add-dream", "dream-status", "dreams", "edit-dream"), "dreams"),
    **dict.fromkeys(
        (
            "add-goal",
            "add-step",
            "check-in",
            "check-ins",
            "edit-goal",
            "goal-status",
            "goals",
            "step-done",
        ),
        "goals",
    ),
    **dict.fromkeys(("add-area", "area", "ladder", "step-back", "step-up"), "ladder"),
    **dict.fromkeys(("add-domain", "add-need", "need", "needs"), "needs"),
    **dict.fromkeys(("backup", "doctor", "restore"), "backup"),
    **dict.fromkeys(("history", "worker"), "history"),
    **dict.fromkeys(
        (
            "add-measure",
            "add-participant",
            "edit-measure",
            "edit-participant",
            "measure-status",
            "measures",
            "participants",
            "plan",
            "remove-participant",
        ),
        "individual_plan",
    ),
    **dict.fromkeys(("init", "passphrase"), "security"),
    **dict.fromkeys(("consent", "consents", "export", "handover", "shared"), "sharing"),
    "caseload": "caseload",
    "client": "clients",
    "crisis": "crisis",
    "demo": "demo",
    "language": "language",
    "report": "report",
    "review": "review",
    "session": "session",
    "sync": "team",
    "conflicts": "team",
    "team": "team",
}
MODULES = sorted(set(COMMANDS.values()))


def load(args: list[str]) -> None:
    """Register the commands that `args` can reach: one module, or all of them."""
    import_module("recoverytui.cli.overview")
    name = next((arg for arg in args if not arg.startswith("-")), None)
    wanted = [COMMANDS[name]] if name in COMMANDS else MODULES
    for module in wanted:
        import_module(f"recoverytui.cli.{module}")


def load_all() -> None:
    load([])


def run(args: list[str]) -> None:
    """`recovery ARGS`, ending in SystemExit as a click app does: on the quick path where it
    can take the arguments, else in the Typer app."""
    from recoverytui.cli import quick

    code = quick.run(args)
    if code is not None:
        sys.exit(code)
    from recoverytui.cli import click_words
    from recoverytui.cli.app import app

    load(args)
    try:
        # Not standalone: click's own errors are written by click_words, in the language.
        code = app(args, prog_name="recovery", standalone_mode=False)
    except (click_words.ClickException, click_words.Abort) as error:
        code = click_words.show(error)
    sys.exit(code if isinstance(code, int) else 0)


def main() -> None:
    """Entry point. An unexpected error shows its kind only: its text may hold a client's words.
    Ctrl+C ends quietly with exit code 130; whatever was being written is left as it was,
    since every write is whole or not at all (core/storage.py)."""
    try:
        run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    except Exception as error:
        if from_interrupt(error):
            sys.exit(INTERRUPTED)
        if os.environ.get("RECOVERY_DEBUG"):
            raise
        message = _(
            "something unexpected went wrong ({kind}). Nothing more was saved. "
            "Run again with RECOVERY_DEBUG=1 to see the details."
        ).format(kind=type(error).__name__)
        sys.stderr.write(f"recovery: {message}\n")
        sys.exit(1)
