"""What the quick commands do: `add-goal`, `check-in` and `goals`, typed between visits, and
`session`, which opens the shared screen.

Free of Typer, so that the quick path (cli/quick.py) runs them without loading it. Their
options and help are declared for Typer in cli/goals.py and cli/session.py, which call these.
Textual is imported inside session() only.
"""

from __future__ import annotations

import os
import sys

from recoverytui.cli.common import PASSPHRASE_ENV, echo, echo_json, plain_store, store
from recoverytui.core.documents import progress_words
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import LANGUAGES, _
from recoverytui.core.storage import is_open


def add_goal(
    title: str,
    client: str,
    dream: str | None = None,
    due: str | None = None,
    area: str | None = None,
    step: list[str] | None = None,
    support: str | None = None,
    voice: str = "together",
    as_json: bool = False,
) -> None:
    with store().plan(client, write=True) as plan:
        goal = plan.add_goal(
            title, due=due, dream=dream, area=area, steps=step or [], support=support, voice=voice
        )
    if as_json:
        echo_json(goal)
    else:
        echo(_("Added goal {number}: {title}").format(**goal))


def check_in(
    goal: str,
    client: str,
    progress: int,
    note: str | None = None,
    on: str | None = None,
    voice: str = "client",
    as_json: bool = False,
) -> None:
    with store().plan(client, write=True) as plan:
        doc = plan.check_in(goal, progress, note=note, on=on, voice=voice)
        title = plan.goal(doc["goal"])["title"]
    if as_json:
        echo_json(doc)
        return
    if doc.added:
        line = _("Checked in on goal {goal} for {date}: {progress} {words} ({title})")
    elif not doc.changed:
        line = _(
            "The check-in on goal {goal} for {date} is already so: {progress} {words} ({title})"
        )
    else:
        line = _("Updated the check-in on goal {goal} for {date}: now {progress} {words} ({title})")
    echo(
        line.format(
            goal=doc["goal"],
            date=doc["date"],
            progress=doc["progress"],
            words=progress_words(doc["progress"]),
            title=title,
        )
    )


def goals(client: str, show_all: bool = False, as_json: bool = False) -> None:
    with store().plan(client) as plan:
        rows = plan.goals(include_closed=show_all)
        checkins = plan.checkins() if not as_json else []
        any_goals = bool(rows) or bool(plan.goals())
    if as_json:
        echo_json(rows)
    elif not any_goals:
        echo(_("No goals yet. Add one with: recovery add-goal TITLE -c CLIENT"))
    elif not rows:
        echo(_("No goals are being worked on now. See them all with: recovery goals --all"))
    else:
        from recoverytui.cli.plan_view import goals_table

        goals_table(rows, checkins)


def session(client: str | None) -> int:
    """The TUI, for one client or (client None, the bare `recovery`) the caseload; returns
    the app's exit code."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InvalidInput(_("The session needs a terminal to show itself in."))
    the_store = plain_store()
    if the_store.encrypted and os.environ.get(PASSPHRASE_ENV) is not None:
        store()  # a script's passphrase; otherwise the screen asks for it
    if client is not None and not (the_store.encrypted and not is_open()):
        the_store.find_client(client)  # an unknown client is said before the screen opens
    from recoverytui.tui.app import RecoveryApp

    tui = RecoveryApp(the_store, client=client)
    tui.run()
    if tui.return_value in LANGUAGES:  # asked to open again in the other language
        command = ["session", "-c", client] if client is not None else []
        environment = {**os.environ, "RECOVERY_LANG": tui.return_value}
        os.execve(sys.executable, [sys.executable, "-m", "recoverytui", *command], environment)
    return tui.return_code or 0
