"""What every part of a plan shares: finding, numbering, inserting and updating documents.

Every operation validates first and raises a PlanError before touching anything, and the
store writes only when the whole transaction succeeds, so a refused input writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from recoverytui.core import dates
from recoverytui.core.errors import Conflict, InvalidInput, NotFound
from recoverytui.core.i18n import _

Doc = dict[str, Any]
# "Not given", for fields where None means "clear it".
UNSET: Any = object()


def public(doc: Document | Doc) -> Doc:
    """A plain dict of a document, without TinyDB's reusable doc_id."""
    return dict(doc)


class PlanBase:
    """One client's plan inside one open transaction."""

    def __init__(self, db: TinyDB, client_id: str) -> None:
        self._db = db
        self.client_id = client_id

    @property
    def client(self) -> Doc:
        found = self._db.table("client").get(Query().id == self.client_id)
        if found is None:
            raise NotFound(_("This plan file does not hold the client it should."))
        return public(found)

    def init_client(self, client: Doc) -> None:
        self._db.table("client").insert(client)

    # Helpers -------------------------------------------------------------------------------

    def _sorted(self, table: str) -> list[Doc]:
        return sorted((public(row) for row in self._db.table(table).all()), key=_by_number)

    def _find(self, table: str, ref: str | int | None, name_field: str, kind: str) -> Document:
        """Find by short number or exact name; the error names what was asked for."""
        rows: Table = self._db.table(table)
        wanted = str(ref).strip() if ref is not None else ""
        found: list[Document] = []
        if wanted.isdigit():
            found = rows.search(Query().number == int(wanted))
        elif wanted:
            found = rows.search(Query()[name_field] == wanted)
            if not found:
                folded = wanted.casefold()
                found = rows.search(Query()[name_field].test(lambda v: v.casefold() == folded))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InvalidInput(
                _("More than one {kind} is called {ref}; use its number instead.").format(
                    kind=kind, ref=repr(wanted)
                )
            )
        raise NotFound(
            _("There is no {kind} {ref} in this plan.").format(kind=kind, ref=repr(wanted))
        )

    def _insert(self, table: str, fields: Doc, *, numbered: bool = True) -> Doc:
        stamp = dates.now_iso()
        doc: Doc = {"id": str(uuid.uuid4())}
        if numbered:
            doc["number"] = self._next_number(table)
        doc.update(client_id=self.client_id, **fields)
        doc.update(created=stamp, updated=stamp, revision=1)
        self._db.table(table).insert(doc)
        return doc

    def _update(self, table: str, doc: Document, changes: Doc, revision: int | None) -> Doc:
        if revision is not None and revision != doc["revision"]:
            raise Conflict(
                _(
                    "This entry was changed elsewhere while you were editing it. "
                    "Your change was not saved; here is the newer version."
                )
            )
        changes = {**changes, "updated": dates.now_iso(), "revision": doc["revision"] + 1}
        self._db.table(table).update(changes, doc_ids=[doc.doc_id])
        return {**public(doc), **changes}

    def _next_number(self, table: str) -> int:
        """The next short number for a kind; counters only grow, so numbers are never reused.
        A counter lowered by hand still never gives a number that is in use."""
        meta = self._db.table("meta")
        record = meta.all()[0]
        counters = dict(record.get("counters", {}))
        in_use = (doc.get("number") for doc in self._db.table(table).all())
        highest = max((n for n in in_use if isinstance(n, int)), default=0)
        number = max(counters.get(table, 0), highest) + 1
        counters[table] = number
        meta.update({"counters": counters}, doc_ids=[record.doc_id])
        return number

    @staticmethod
    def _due(due: str | dt.date | None, base: dt.date | None) -> str | None:
        if due is None or (isinstance(due, str) and not due.strip()):
            return None
        day = due if isinstance(due, dt.date) else dates.parse_date(due, base=base)
        return day.isoformat()

    @staticmethod
    def _past_date(
        on: str | dt.date | None, base: dt.date | None, *, future: str | None = None
    ) -> dt.date:
        """A day that has come (default today); `future` words the refusal of a later one."""
        today = base or dates.today()
        if on is None:
            return today
        day = on if isinstance(on, dt.date) else dates.parse_date(on, base=today, past=True)
        if day > today:
            message = future or _(
                "{date} is in the future; only days that have come can be recorded."
            )
            raise InvalidInput(message.format(date=day.isoformat()))
        return day


def _by_number(doc: Doc) -> int:
    return doc.get("number", 0)
