"""The team's sync as the screens see it: one client's plan synced from a session (in a worker
thread, on opening and closing, or when asked), said in a few words that name no other
client, and when each plan last synced. The sync itself (git, age) is imported only when a
plan syncs, so a store outside a team pays for the small settings reader alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from recoverytui.core import dates
from recoverytui.core.documents import part_words, removal_words
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _, ngettext
from recoverytui.core.store import Store
from recoverytui.core.team.config import problem, synced_times


def when(iso: str | None) -> str | None:
    """The time of day for a sync today, else its date; None for none, or one unreadable."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.date() == dates.today():
        return moment.strftime("%H:%M")
    return moment.date().isoformat()


@dataclass
class Outcome:
    """What one sync of a plan brought, for the session to say."""

    received: int = 0
    conflicts: list[str] = field(default_factory=list)
    problem: str | None = None
    removed: str | None = None
    synced_at: str | None = None


def sync_plan(store: Store, client_id: str) -> Outcome:
    """Sync one client's plan with the team. File and network work: run it in a thread."""
    from recoverytui.core.team.sync import Team

    outcome = Outcome()
    try:
        handle = store.find_client(client_id)["handle"]
        report = Team(store).sync(only=client_id)
    except (PlanError, OSError) as error:
        outcome.problem = problem(error)
    else:
        outcome = _said(report, {handle, client_id}, handle)
    outcome.synced_at = synced_times(store.home).get(client_id)
    return outcome


def _said(report: Any, names: set[str], handle: str) -> Outcome:
    # The report may name other clients (one erased by the team, say): only this one's rows.
    def mine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [row for row in rows if row.get("client") in names]

    outcome = Outcome(received=sum(row.get("documents", 0) for row in mine(report.received)))
    for row in mine(report.conflicts):
        what = part_words(row.get("table"), row.get("number"))
        outcome.conflicts.append(
            _(
                "{what} was changed on two laptops; the newer is shown. "
                "Choose with: recovery conflicts -c {handle}"
            ).format(what=what[:1].upper() + what[1:], handle=handle)
        )
    for row in mine(report.unreached):
        outcome.problem = str(row.get("why") or "")
    for row in mine(report.removed):
        outcome.removed = removal_words(str(row.get("why")))
    return outcome


def words(outcome: Outcome, *, asked: bool) -> list[tuple[str, str]]:
    """What to tell the two at the screen, with each notice's severity. A sync on opening or
    closing that brought nothing says nothing: the header shows when it was."""
    if outcome.removed is not None:
        gone = _("This plan is no longer on this laptop: {why}.").format(why=outcome.removed)
        return [(gone, "warning")]
    said: list[tuple[str, str]] = []
    if outcome.problem is not None:
        problem = outcome.problem.rstrip(".") + "."
        kept = _("Not synced now: {problem} The plan is kept here and goes at the next sync.")
        said.append((kept.format(problem=problem), "warning"))
    if outcome.received:
        came = ngettext(
            "Synced: {n} change came from the team.",
            "Synced: {n} changes came from the team.",
            outcome.received,
        )
        said.append((came.format(n=outcome.received), "information"))
    elif asked and outcome.problem is None:
        said.append((_("Synced: nothing new came from the team."), "information"))
    said += [(sentence, "warning") for sentence in outcome.conflicts]
    return said
