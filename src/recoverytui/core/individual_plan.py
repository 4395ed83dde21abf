"""The individual plan (individuell plan): who takes part, the measures, the plan period and
its revisions.

The goals, dreams, ladder and needs are the rest of it. Participants and measures have short
numbers like goals; a measure names the participant responsible by number and the goals it
serves by number. The plan period and the revisions live on the client document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from tinydb import Query
from tinydb.table import Document

from recoverytui.core import dates, fields
from recoverytui.core.consent import status_on
from recoverytui.core.documents import check_voice
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import N_, _, ngettext
from recoverytui.core.plan_base import UNSET, Doc, PlanBase, Saved, checked, public


class IndividualPlanOps(PlanBase):
    # Participants ------------------------------------------------------------------------

    def participants(self) -> list[Doc]:
        return self._sorted("participants")

    def participant(self, ref: str | int) -> Doc:
        return public(self._find("participants", ref, "name", _("participant")))

    def coordinator(self) -> Doc | None:
        """The participant who coordinates the plan, if one is named."""
        return next((p for p in self.participants() if p.get("coordinator")), None)

    def add_participant(
        self,
        name: str,
        *,
        role: str | None,
        organisation: str | None = None,
        phone: str | None = None,
        contributes: str | None = None,
        coordinator: bool = False,
        voice: str = "together",
    ) -> Saved:
        doc = {
            "name": fields.participant(name),
            "role": fields.role(role),
            "organisation": fields.organisation(organisation),
            "phone": fields.phone(phone),
            "contributes": fields.contributes(contributes),
            "coordinator": bool(coordinator),
            "voice": check_voice(voice),
        }
        if coordinator:
            self._one_coordinator(None)
        saved = self._insert("participants", doc)
        if coordinator:
            self._coordinator_on_client(saved["name"])
        return saved

    def edit_participant(
        self,
        ref: str | int,
        *,
        name: str = UNSET,
        role: str = UNSET,
        organisation: str | None = UNSET,
        phone: str | None = UNSET,
        contributes: str | None = UNSET,
        coordinator: bool = UNSET,
        revision: int | None = None,
    ) -> Saved:
        """Change what was given; None or '' clears organisation, phone and contributes. A
        participant made coordinator takes over from the one before."""
        changes = checked(
            name=(name, fields.participant),
            role=(role, fields.role),
            organisation=(organisation, fields.organisation),
            phone=(phone, fields.phone),
            contributes=(contributes, fields.contributes),
            coordinator=(coordinator, bool),
        )
        found = self._find("participants", ref, "name", _("participant"))
        if all(found.get(key) == value for key, value in changes.items()):
            return self._kept(found)
        saved = self._update("participants", found, changes, revision)
        if changes.get("coordinator"):
            self._one_coordinator(found["number"])
        if saved["coordinator"] or found.get("coordinator"):
            self._coordinator_on_client(saved["name"] if saved["coordinator"] else None)
        return saved

    def remove_participant(self, ref: str | int) -> Doc:
        """Take a participant out of the plan (the history keeps them). One still responsible
        for a measure is refused: the measure is given to someone else first."""
        found = self._find("participants", ref, "name", _("participant"))
        today = dates.today()
        consents = [c["number"] for c in self._sorted("consents")
                    if c["to"] == found["number"] and status_on(c, today) == "active"]  # fmt: skip
        if consents:
            raise InvalidInput(
                _(
                    "{name} has the client's consent {number} to receive parts of the plan; "
                    "withdraw it first (recovery consent withdraw {number})."
                ).format(name=found["name"], number=consents[0])
            )
        theirs = [m["number"] for m in self.measures() if m.get("responsible") == found["number"]]
        if theirs:
            raise InvalidInput(
                ngettext(
                    "{name} is responsible for measure {numbers}; give it to someone else "
                    "first (recovery edit-measure N --responsible P).",
                    "{name} is responsible for measures {numbers}; give them to someone else "
                    "first (recovery edit-measure N --responsible P).",
                    len(theirs),
                ).format(name=found["name"], numbers=", ".join(map(str, theirs)))
            )
        self._db.table("participants").remove(doc_ids=[found.doc_id])
        if found.get("coordinator"):
            self._coordinator_on_client(None)
        return public(found)

    # Measures ----------------------------------------------------------------------------

    def measures(self) -> list[Doc]:
        return self._sorted("measures")

    def measure(self, ref: str | int) -> Doc:
        return public(self._find("measures", ref, "text", _("measure")))

    def add_measure(
        self,
        words: str,
        *,
        responsible: str | int | None = None,
        extent: str | None = None,
        how: str | None = None,
        goals: Iterable[str | int] = (),
        start: str | dt.date | None = None,
        until: str | dt.date | None = None,
        status: str | None = None,
        voice: str = "together",
        base: dt.date | None = None,
    ) -> Saved:
        """A measure is under way from the day it starts: planned when it starts later,
        unless a status is given."""
        begins, ends = fields.due(start, base), fields.due(until, base)
        _check_period(begins, ends, _MEASURE_PERIOD)
        if status is None:
            today = (base or dates.today()).isoformat()
            status = "planned" if begins is not None and begins > today else "active"
        doc = {
            "text": fields.measure_text(words),
            "responsible": self._participant_number(responsible),
            "extent": fields.extent(extent),
            "how": fields.how(how),
            "goals": self._goal_numbers(goals),
            "from": begins,
            "until": ends,
            "status": fields.measure_status(status),
            "voice": check_voice(voice),
        }
        return self._insert("measures", doc)

    def edit_measure(
        self,
        ref: str | int,
        *,
        words: str = UNSET,
        responsible: str | int | None = UNSET,
        extent: str | None = UNSET,
        how: str | None = UNSET,
        goals: Iterable[str | int] = UNSET,
        start: str | dt.date | None = UNSET,
        until: str | dt.date | None = UNSET,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Change what was given; None or '' clears the rest, an empty list the goals."""
        day = partial(fields.due, base=base)
        changes = checked(
            text=(words, fields.measure_text),
            responsible=(responsible, self._participant_number),
            extent=(extent, fields.extent),
            how=(how, fields.how),
            goals=(goals, self._goal_numbers),
            until=(until, day),
            **{"from": (start, day)},
        )
        found = self._find("measures", ref, "text", _("measure"))
        _check_period(
            changes.get("from", found.get("from")),
            changes.get("until", found.get("until")),
            _MEASURE_PERIOD,
        )
        if all(found.get(key) == value for key, value in changes.items()):
            return self._kept(found)
        return self._update("measures", found, changes, revision)

    def set_measure_status(
        self, ref: str | int, status: str, *, revision: int | None = None
    ) -> Saved:
        status = fields.measure_status(status)
        found = self._find("measures", ref, "text", _("measure"))
        if found["status"] == status:
            return self._kept(found)
        return self._update("measures", found, {"status": status}, revision)

    # The plan period and its revisions ---------------------------------------------------

    def plan_period(self) -> Doc:
        """The period, the next revision, the revisions held (oldest first) and the
        coordinator's name (a participant's, else the name the client was added with)."""
        client = self.client
        coordinator = self.coordinator()
        return {
            "plan_start": client.get("plan_start"),
            "plan_end": client.get("plan_end"),
            "revise_by": client.get("revise_by"),
            "revisions": list(client.get("revisions") or []),
            "coordinator": coordinator["name"] if coordinator else client.get("coordinator"),
        }

    def set_plan_period(
        self,
        *,
        start: str | dt.date | None = UNSET,
        end: str | dt.date | None = UNSET,
        revise_by: str | dt.date | None = UNSET,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Set what was given; None or '' clears it."""
        day = partial(fields.due, base=base)
        changes = checked(plan_start=(start, day), plan_end=(end, day), revise_by=(revise_by, day))
        doc = self._client_doc()
        _check_period(
            changes.get("plan_start", doc.get("plan_start")),
            changes.get("plan_end", doc.get("plan_end")),
            _PLAN_PERIOD,
        )
        if all(doc.get(key) == value for key, value in changes.items()):
            return self._kept(doc)
        return self._update("client", doc, changes, revision)

    def plan_revised(
        self,
        on: str | dt.date | None = None,
        *,
        note: str | None = None,
        present: Iterable[str | int] = (),
        revise_by: str | dt.date | None = None,
        voice: str = "together",
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """A revision was held on `on` (today when not given) with the participants present;
        the plan is next revised by `revise_by` (six months on when not given)."""
        future = _("{date} is in the future; a revision is recorded on the day it was held.")
        day = fields.past_day(on, base, future=future)
        refusal = _("The next revision comes after {date}, not on {next}.")
        given_by = revise_by if revise_by not in (None, "") else None
        next_time = fields.next_time(given_by, day, base, refusal)
        doc = self._client_doc()
        if doc.get("plan_start") and day.isoformat() < doc["plan_start"]:
            raise InvalidInput(
                _("The plan period starts on {start}; a revision is held after that.").format(
                    start=doc["plan_start"]
                )
            )
        numbers = sorted({n for n in map(self._participant_number, present) if n is not None})
        by_number = {p["number"]: p["name"] for p in self.participants()}
        held = {
            "date": day.isoformat(),
            "note": fields.revision_note(note),
            "voice": check_voice(voice),
            "present": numbers,
            # As they were called then: the record stays whole if one is taken out later.
            "names": [by_number[n] for n in numbers],
        }
        earlier = list(doc.get("revisions") or [])
        changes: Doc = {"revisions": sorted([*earlier, held], key=lambda r: r["date"])}
        # One recorded after the fact does not move the next revision back.
        if given_by is not None or all(r["date"] <= held["date"] for r in earlier):
            changes["revise_by"] = next_time.isoformat()
        return self._update("client", doc, changes, revision)

    # Helpers -------------------------------------------------------------------------------

    def _client_doc(self) -> Document:
        found = self._db.table("client").get(Query().id == self.client_id)
        if found is None:
            raise NotFound(_("This plan file does not hold the client it should."))
        return found

    def _one_coordinator(self, keep: int | None) -> None:
        """Only one participant coordinates: the others stop."""
        table = self._db.table("participants")
        for other in table.search(Query().coordinator == True):  # noqa: E712
            if other["number"] != keep:
                self._update("participants", other, {"coordinator": False}, None)

    def _coordinator_on_client(self, name: str | None) -> None:
        """The client document names the coordinator too: the caseload list shows it."""
        doc = self._client_doc()
        if doc.get("coordinator") != name:
            self._update("client", doc, {"coordinator": name}, None)

    def _participant_number(self, ref: str | int | None) -> int | None:
        if ref is None or (isinstance(ref, str) and not ref.strip()):
            return None
        return int(self._find("participants", ref, "name", _("participant"))["number"])

    def _goal_numbers(self, refs: Iterable[str | int]) -> list[int]:
        numbers = {int(self._find("goals", ref, "title", _("goal"))["number"]) for ref in refs}
        return sorted(numbers)


_MEASURE_PERIOD = N_("A measure ends on or after the day it starts, not {end} before {start}.")
_PLAN_PERIOD = N_("A plan period ends on or after the day it starts, not {end} before {start}.")


def _check_period(start: str | None, end: str | None, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(_(message).format(start=start, end=end))


# Words for the plan, the same on every screen and sheet ------------------------------------


def span_words(start: str | None, end: str | None) -> str:
    """A period as read: '2026-09-11 – 2027-09-11', 'from 2026-09-11', 'until …', or '-'."""
    if start and end:
        return f"{start} – {end}"
    if start:
        return _("from {date}").format(date=start)
    if end:
        return _("until {date}").format(date=end)
    return "-"


def present_names(held: Doc, names: dict[int, str]) -> list[str]:
    """Who was at a revision: by their name now, else as they were called then, else by
    number."""
    then = dict(zip(held.get("present") or [], held.get("names") or [], strict=False))
    return [
        names.get(n) or then.get(n) or _("participant {number}").format(number=n)
        for n in held.get("present") or []
    ]


def present_words(held: Doc, names: dict[int, str]) -> str:
    return ", ".join(present_names(held, names)) or "-"
