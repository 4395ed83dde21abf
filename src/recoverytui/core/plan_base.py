"""What every part of a plan shares: finding, numbering, inserting and updating documents.

Every operation validates first and raises a PlanError before touching anything, and the
store writes only when the whole transaction succeeds, so a refused input writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from recoverytui.core import dates, text
from recoverytui.core.errors import Conflict, InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.storage import file_of

Doc = dict[str, Any]
# "Not given", for fields where None means "clear it".
UNSET: Any = object()


def new_id() -> str:
    """A random (version 4) UUID as text, as str(uuid.uuid4()) gives it: the uuid module
    imports platform first, a few milliseconds on every quick entry."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    hexed = raw.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def public(doc: Document | Doc) -> Doc:
    """A plain dict of a document, without TinyDB's reusable doc_id."""
    return dict(doc)


class Saved(dict[str, Any]):
    """What an operation that writes returns: the document as it now stands, and `before`,
    the document as it was (None when the operation added it). A caller says what happened
    from `added` and `changed`, and never compares revisions itself."""

    def __init__(self, doc: Doc, before: Doc | None) -> None:
        super().__init__(doc)
        self.before = before

    @property
    def added(self) -> bool:
        return self.before is None

    @property
    def changed(self) -> bool:
        """False when the operation found everything already so, and wrote nothing."""
        return self.before is None or self.before["revision"] != self["revision"]


class PlanBase:
    """One client's plan inside one open transaction."""

    def __init__(self, db: TinyDB, client_id: str, counted: dict[str, Any] | None = None) -> None:
        self._db = db
        self.client_id = client_id
        # The counters as kept outside the file (the index): numbers handed out before a
        # copy of the plan was put back by hand are not handed out again either.
        self._counted = counted or {}

    def data(self) -> dict[str, Any]:
        """The whole file as this transaction holds it, table by table."""
        return file_of(self._db).read()

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
        """Find by short number or exact name (else the name in any case); the error names
        what was asked for."""
        rows: Table = self._db.table(table)
        wanted = str(ref).strip() if ref is not None else ""
        found: list[Document] = []
        number = text.whole_number(wanted)
        if number is not None:
            found = rows.search(Query().number == number)
        elif wanted:
            # Both sides compared in one form: a name stored by another tool may not be NFC.
            # A table found by number alone (consents) has no words to match a name against.
            field = Query()[name_field]
            found = rows.search(field.test(lambda v: isinstance(v, str) and text.same(v, wanted)))
            if not found:
                folded = text.fold(wanted)
                found = rows.search(
                    field.test(lambda v: isinstance(v, str) and text.fold(v) == folded)
                )
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

    def _insert(
        self, table: str, fields: Doc, *, numbered: bool = True, on: dt.date | None = None
    ) -> Saved:
        """`on`: the day it was made, when that was before it was entered here."""
        stamp = dates.now_iso() if on is None else dates.stamp_on(on)
        doc: Doc = {"id": new_id()}
        if numbered:
            doc["number"] = self._next_number(table)
        doc.update(client_id=self.client_id, **fields)
        doc.update(created=stamp, updated=stamp, revision=1)
        self._db.table(table).insert(doc)
        return Saved(doc, None)

    def _update(self, table: str, doc: Document, changes: Doc, revision: int | None) -> Saved:
        if revision is not None and revision != doc["revision"]:
            raise Conflict(
                _(
                    "This entry was changed elsewhere while you were editing it. "
                    "Your change was not saved; here is the newer version."
                ),
                current=public(doc),
            )
        changes = {**changes, "updated": dates.now_iso(), "revision": doc["revision"] + 1}
        self._db.table(table).update(changes, doc_ids=[doc.doc_id])
        return Saved({**public(doc), **changes}, public(doc))

    @staticmethod
    def _kept(doc: Document | Doc) -> Saved:
        """An operation that found everything already so: nothing is written."""
        return Saved(public(doc), public(doc))

    def _next_number(self, table: str, in_use: Iterable[Any] | None = None) -> int:
        """The next short number for a kind; counters only grow, so numbers are never reused.
        A counter lowered by hand still never gives a number that is in use, or one the index
        says was handed out. `in_use`: the numbers of a kind kept inside a document (the
        crisis plan's lists), counted under the name `table`."""
        meta = self._db.table("meta")
        record = meta.all()[0]
        counters = dict(record.get("counters", {}))
        if in_use is None:
            in_use = (doc.get("number") for doc in self._db.table(table).all())
        highest = max((n for n in in_use if isinstance(n, int)), default=0)
        counted = self._counted.get(table)
        floor = counted if isinstance(counted, int) and not isinstance(counted, bool) else 0
        number = max(counters.get(table, 0), highest, floor) + 1
        counters[table] = number
        meta.update({"counters": counters}, doc_ids=[record.doc_id])
        return number


def checked(**given: tuple[Any, Callable[[Any], Any]]) -> Doc:
    """An edit's changes: each field given (not UNSET) as its check returns it."""
    return {field: check(value) for field, (value, check) in given.items() if value is not UNSET}


def _by_number(doc: Doc) -> int:
    return doc.get("number", 0)
