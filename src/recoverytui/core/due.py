"""What is due, per client: for the caseload (`recovery caseload` and the caseload screen).

`summary(data)` reads one plan's data (its tables, as the file holds them) and keeps what does
not depend on the day: who coordinates, when the plan and the crisis plan are to be gone
through again, the last weekly review held to the end, the last check-in, and the dates of
the needs' agreed actions still open. `on_day(summary, today)` says from it what is due on a
day. Both are pure.

So that the caseload does not open every plan, each plan write keeps its summary in the
client's index entry (`due`), with the stamp of the file it was made from (inode, size,
mtime, ctime, taken under the plan's lock). `caseload()` uses a kept summary only while the
plan file still has that stamp; otherwise it reads the plan and keeps the new summary. A
writer stopped between its plan and the index leaves a stamp that no longer matches, so an
old summary is never shown for a newer plan.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from recoverytui.core import dates, text
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _, ngettext
from recoverytui.core.needs import has_open_action

if TYPE_CHECKING:
    from recoverytui.core.store import Store

# A kept summary of another version is read again, not trusted.
VERSION = 1
SUMMARY_FIELDS = (
    "coordinator",
    "revise_by",
    "crisis_revise_by",
    "last_review",
    "last_checkin",
    "action_dues",
)


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """What one plan says about what is due, whatever the day (JSON, kept in the index)."""
    client = next(iter(data["client"].values()))
    crisis = next(iter(_docs(data, "crisis")), {})
    held = [r["week"] for r in _docs(data, "reviews") if r.get("stage") == "done"]
    checkins = [c["date"] for c in _docs(data, "checkins")]
    return {
        # The client document names the coordinating participant (core/individual_plan.py).
        "coordinator": client.get("coordinator") or None,
        "revise_by": client.get("revise_by"),
        "crisis_revise_by": crisis.get("revise_by"),
        "last_review": max(held, default=None),
        "last_checkin": max(checkins, default=None),
        "action_dues": sorted(
            item["due"] for item in _docs(data, "needs") if has_open_action(item) and item["due"]
        ),
    }


def _docs(data: dict[str, Any], table: str) -> Iterable[dict[str, Any]]:
    return (data.get(table) or {}).values()


class Due(NamedTuple):
    """What is due for one client on one day. (NamedTuples, not dataclasses: this module is
    imported by every command that writes, and a dataclass costs milliseconds to make.)"""

    coordinator: str | None
    revise_by: str | None  # the plan: ISO date or None
    crisis_revise_by: str | None
    last_review: str | None  # an ISO week, 2026-W48
    last_checkin: str | None  # an ISO date
    weeks_since_checkin: int | None  # whole weeks before today
    actions_past_date: int  # open agreed actions whose date is before today
    actions_since: str | None  # the earliest of those dates
    plan_due: bool  # the plan's date has come
    crisis_due: bool  # the crisis plan's date has come
    first_date: str | None  # the earliest of the dates above and the open actions'

    def as_json(self) -> dict[str, Any]:
        return {
            "coordinator": self.coordinator,
            "revise_by": self.revise_by,
            "revise_due": self.plan_due,
            "crisis_revise_by": self.crisis_revise_by,
            "crisis_due": self.crisis_due,
            "last_review": self.last_review,
            "last_checkin": self.last_checkin,
            "weeks_since_checkin": self.weeks_since_checkin,
            "actions_past_date": self.actions_past_date,
            "actions_since": self.actions_since,
            "first_date": self.first_date,
        }


def on_day(kept: dict[str, Any], today: dt.date) -> Due:
    """What a summary says is due on `today`."""
    day = today.isoformat()
    last = dates.iso_date(kept["last_checkin"])
    dues = kept["action_dues"]
    return Due(
        coordinator=kept["coordinator"],
        revise_by=kept["revise_by"],
        crisis_revise_by=kept["crisis_revise_by"],
        last_review=kept["last_review"],
        last_checkin=kept["last_checkin"],
        weeks_since_checkin=max(0, (today - last).days // 7) if last else None,
        actions_past_date=sum(1 for due in dues if due < day),
        actions_since=min((due for due in dues if due < day), default=None),
        plan_due=bool(kept["revise_by"]) and kept["revise_by"] <= day,
        crisis_due=bool(kept["crisis_revise_by"]) and kept["crisis_revise_by"] <= day,
        first_date=min(
            [d for d in (kept["revise_by"], kept["crisis_revise_by"]) if d] + dues[:1],
            default=None,
        ),
    )


def what_is_due(data: dict[str, Any], today: dt.date) -> Due:
    """What is due on `today` in one plan's data."""
    return on_day(summary(data), today)


# Kept in the index ---------------------------------------------------------------------------


def stamp(path: Path) -> list[int]:
    """Which file this is: a write replaces the file with a new one (a new inode)."""
    info = os.stat(path)
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def record(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The summary to keep in the index, for the file at `path` holding `data`. Taken while
    the plan's lock is held, so the stamp is the stamp of that very file."""
    return {"version": VERSION, "stat": stamp(path), **summary(data)}


def kept_summary(kept: Any, path: Path) -> dict[str, Any] | None:
    """The index's summary while the plan file is still the one it was made from."""
    if not isinstance(kept, dict) or kept.get("version") != VERSION:
        return None
    try:
        now = stamp(path)
    except OSError:  # gone or unreachable: the plan is read, and says why
        return None
    return kept if kept.get("stat") == now else None


# The caseload -------------------------------------------------------------------------------


class Row(NamedTuple):
    """One client on the caseload: the index entry (id, handle, name, …), and what is due,
    or why the plan can't be read just now (the store's words, naming the handle only)."""

    client: dict[str, Any]
    due: Due | None
    problem: str | None = None


def caseload(
    store: Store,
    *,
    today: dt.date | None = None,
    include_archived: bool = False,
    keep: bool = True,
) -> list[Row]:
    """What is due for each client, by handle. Plans whose kept summary still fits their file
    are not opened; the others are read, and (with `keep`) their summaries kept in the index
    for the next time. A plan that can't be read is a row with its problem, and the others
    are listed all the same."""
    day = today or dates.today()
    rows: list[Row] = []
    fresh: dict[str, dict[str, Any]] = {}
    for entry in store.entries(include_archived=include_archived):
        client = {k: v for k, v in entry.items() if k not in ("head", "due", "file")}
        kept = kept_summary(entry.get("due"), store.clients_dir / entry["file"])
        if kept is None:
            try:
                kept = store.read_due(entry)
            except PlanError as error:
                rows.append(Row(client, None, str(error)))
                continue
            fresh[entry["id"]] = kept
        rows.append(Row(client, on_day(kept, day)))
    if fresh and keep:
        store.keep_due(fresh)
    return rows


def _name(row: Row) -> str:
    return text.fold(row.client.get("name") or "")


def by_name(row: Row) -> tuple[str, str]:
    return (_name(row), row.client["handle"])


def due_first(row: Row) -> tuple[int, str, str, str]:
    """Sort key: plans that can't be read first (they need a look), then by the earliest date
    something is due, then those with no date; by name within."""
    if row.due is None:
        return (0, "", *by_name(row))
    if row.due.first_date is None:
        return (2, "", *by_name(row))
    return (1, row.due.first_date, *by_name(row))


def _field(row: Row, name: str) -> Any:
    return getattr(row.due, name) if row.due is not None else None


def _dated(row: Row, name: str) -> tuple[bool, str, str, str]:
    day = _field(row, name)
    return (day is None, day or "", *by_name(row))  # no date last


# How the caseload can be sorted: by what is due first, or by one column. Dates come
# earliest first; the last review and check-in longest ago first (never before all).
SORTS: dict[str, Callable[[Row], Any]] = {
    "due": due_first,
    "name": by_name,
    "handle": lambda row: row.client["handle"],
    "revise": lambda row: _dated(row, "revise_by"),
    "crisis": lambda row: _dated(row, "crisis_revise_by"),
    "review": lambda row: (_field(row, "last_review") or "", *by_name(row)),
    "checkin": lambda row: (_field(row, "last_checkin") or "", *by_name(row)),
    "actions": lambda row: _dated(row, "actions_since"),
    "coordinator": lambda row: (
        _field(row, "coordinator") is None,
        text.fold(_field(row, "coordinator") or ""),
        *by_name(row),
    ),
}


def finds(row: Row, words: str) -> bool:
    """Whether a client is found by what was typed: part of the handle or of the name, in
    any case and however its accents were typed."""
    wanted = text.fold(words.strip())
    return wanted in text.fold(row.client["handle"]) or wanted in _name(row)


# In words: dates and plain words, never blame ------------------------------------------------


def by_words(day: str | None, due: bool) -> str:
    """A date something is to be gone through by: '-' with none, '(due)' once it has come."""
    if not day:
        return "-"
    return _("{date} (due)").format(date=day) if due else day


def date_words(day: str | None) -> str:
    """A date to go through something by, as of today: '(due)' once it has come."""
    return by_words(day, bool(day) and str(day) <= dates.today().isoformat())


def review_words(week: str | None) -> str:
    return week or _("not yet")


def checkin_words(weeks: int | None) -> str:
    """How long since the last check-in, gently: 'under a week ago', '3 weeks ago', 'not yet'."""
    if weeks is None:
        return _("not yet")
    if weeks == 0:
        return _("under a week ago")
    return ngettext("{n} week ago", "{n} weeks ago", weeks).format(n=weeks)


def actions_words(count: int, since: str | None) -> str:
    """Open actions past their date: the earliest date, and how many ('2026-10-01 (2)')."""
    return f"{since} ({count})" if count and since else "-"
