"""Schema migrations: how a file written by an earlier version becomes one of this version.

Each schema version after the first has one function here, registered in MIGRATIONS under
the version it starts from; it changes the data of one store file (a plan or the index) from
version n to version n + 1, in place. `migrate` applies them in turn and records the new
version in the file's meta. It runs on every read of an older file (storage.load_plan), so
the rest of the program only ever sees the current schema:

- a read migrates in memory only: it never writes, so reading needs no exclusive lock and
  works on a store that can't be written;
- the first write of an older file keeps the file as it was (backups/<stem>/schema-<n>-…)
  and the day's backup, then writes it in the current schema, atomically, under its
  exclusive lock (Store._before_write);
- a file of a newer schema is refused before anything here runs (StoreTooNew).

A migration adds what the new version needs and keeps everything else. It must accept any
file that passes the checks made before it (tables of documents, a schema version), since
the shape is checked only after it. It never touches the change history: its entries are
hashed as they were written. Each version's store is kept in tests/fixtures/schema-<n>/ and
opened by the tests (tests/fixtures/make_store.py makes one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, Any]


def _plan_period(data: Data) -> None:
    """1 → 2: the client document gets the rest of its plan period: the date the plan is
    to be revised by, and the revisions made (each a date, a note, a voice, who was there)."""
    for client in data.get("client", {}).values():
        client.setdefault("revise_by", None)
        client.setdefault("revisions", [])


def _crisis_signs(data: Data) -> None:
    """2 → 3: the crisis plan (its own table, made on its first change); each weekly review
    gets the crisis plan's signs the client noticed that week, none so far."""
    for review in data.get("reviews", {}).values():
        review.setdefault("signs", [])


def _individual_plan(data: Data) -> None:
    """3 → 4: the individual plan's participants and measures, each its own table, made on
    its first entry. Nothing earlier changes shape."""


def _consent(data: Data) -> None:
    """4 → 5: the consents the client gave to share, and the log of what was shared, each
    its own table, made on its first entry. Nothing earlier changes shape."""


MIGRATIONS: dict[int, Callable[[Data], None]] = {
    1: _plan_period,
    2: _crisis_signs,
    3: _individual_plan,
    4: _consent,
}


def migrate(data: Data, schema: int, target: int) -> None:
    """Bring `data`, written in `schema`, to `target`, in place."""
    for version in range(schema, target):
        MIGRATIONS[version](data)
        for meta in data.setdefault("meta", {}).values():
            meta["schema"] = version + 1
