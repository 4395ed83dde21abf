"""What the quick commands do: `add-goal`, `check-in` and `goals`, typed between visits,
`caseload`, what is due per client, and `session`, which opens the shared screen.

Free of Typer, so that the quick path (cli/quick.py) runs them without loading it. Their
options and help are declared for Typer in cli/goals.py, cli/caseload.py and cli/session.py,
which call these. Textual is imported inside session() only.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from recoverytui.cli.common import (
    PASSPHRASE_ENV,
    echo,
    echo_json,
    plain_store,
    say,
    say_conflicts,
    store,
    table,
)
from recoverytui.core import due
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
    the_store = store()
    with the_store.plan(client) as plan:
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
    if not as_json:
        say_conflicts(the_store, plan.client_id)


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


def caseload(as_json: bool = False) -> None:
    """What is due, per client on the caseload (archived clients left out); in a team, when
    each plan last synced on this laptop."""
    the_store = store()
    rows = due.caseload(the_store)
    for row in rows:
        if row.problem is not None:  # said, and the list goes on
            say(row.problem)
    synced = _synced(the_store.home)
    if as_json:
        echo_json([_caseload_json(row) | _synced_json(synced, row) for row in rows])
        return
    if not rows:
        echo(_("No clients yet. Add one with: recovery client add NAME"))
        return
    headers = [
        _("Handle"),
        _("Coordinator"),
        _("Revise plan by"),
        _("Crisis plan by"),
        _("Last review"),
        _("Last check-in"),
        _("Actions past date"),
        _("Name"),
    ]
    cells = [_caseload_cells(row) for row in rows]
    if synced is not None:
        headers.insert(-1, _("Synced"))
        for row, line in zip(rows, cells, strict=True):
            line.insert(-1, _synced_words(synced.get(row.client["id"])))
    table(headers, cells)


def _synced(home: Any) -> dict[str, str] | None:
    """When each plan last synced, in a team store; None outside a team."""
    from recoverytui.core.team.config import in_team, synced_times

    return synced_times(home) if in_team(home) else None


def _synced_json(synced: dict[str, str] | None, row: due.Row) -> dict[str, Any]:
    return {} if synced is None else {"synced": synced.get(row.client["id"])}


def _synced_words(stamp: str | None) -> str:
    return stamp[:16].replace("T", " ") if stamp else _("not yet")


def _caseload_json(row: due.Row) -> dict[str, Any]:
    client = {key: row.client.get(key) for key in ("id", "handle", "name")}
    if row.due is None:
        return {
            **client,
            "coordinator": row.client.get("coordinator"),
            **dict.fromkeys(
                (
                    "revise_by",
                    "revise_due",
                    "crisis_revise_by",
                    "crisis_due",
                    "last_review",
                    "last_checkin",
                    "weeks_since_checkin",
                    "actions_past_date",
                    "first_date",
                )
            ),
            "readable": False,
            "problem": row.problem,
        }
    return {**client, **row.due.as_json(), "readable": True, "problem": None}


def _caseload_cells(row: due.Row) -> list[str]:
    if row.due is None:
        name = _("{name} (can't be read just now; see recovery doctor)").format(
            name=row.client["name"]
        )
        return [row.client["handle"], row.client.get("coordinator") or "-", *["-"] * 5, name]
    what = row.due
    return [
        row.client["handle"],
        what.coordinator or "-",
        due.by_words(what.revise_by, what.plan_due),
        due.by_words(what.crisis_revise_by, what.crisis_due),
        due.review_words(what.last_review),
        due.checkin_words(what.weeks_since_checkin),
        due.actions_words(what.actions_past_date, what.actions_since),
        row.client["name"],
    ]
