"""Consent to share, and the log of what was shared.

Under the duty of confidentiality nothing leaves the plan for another service without the
client's consent, and only as far as it reaches: to whom (a participant), which parts of the
plan, for what, from and until when. A consent is never deleted: withdrawing it keeps the
record with the day, and one past its date has run out (`expired`, worked out from the day,
never stored). Every change is in the change history like any other.

The sharing log says what has left the tool: each handover and each copy the client took,
with the day, to whom, the consent it rested on, the parts and the file names. `limited()` is
the one place that decides what of a plan a handover may hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from recoverytui.core import dates, fields, text
from recoverytui.core.documents import GIVEN, SHARE_PARTS, check_choice, check_voice, given_words
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import Doc, PlanBase, Saved, public

# The sharing log's `to` for the client's own copy.
CLIENT = "client"


def purpose(value: str | None) -> str:
    """What it is shared for; never used to find anything, so a number is words too."""
    return text.clean(value, _("purpose"), max_len=text.TITLE_MAX)


def given(value: str) -> str:
    return check_choice(value, GIVEN, _("way of giving consent"), given_words)


def share_parts(value: str | Iterable[str]) -> list[str]:
    """The parts named ('goals,crisis' or a list), in the plan's order; an unknown or no part
    is refused with the parts there are."""
    items = value.split(",") if isinstance(value, str) else list(value)
    named = {item.strip().lower() for item in items if item.strip()}
    if not named:
        raise InvalidInput(
            _("Say which parts of the plan, comma-separated: {allowed}.").format(
                allowed=", ".join(SHARE_PARTS)
            )
        )
    unknown = sorted(named - set(SHARE_PARTS))
    if unknown:
        raise InvalidInput(
            _("{parts} is not a part of the plan; the parts are {allowed}.").format(
                parts=", ".join(unknown), allowed=", ".join(SHARE_PARTS)
            )
        )
    return [part for part in SHARE_PARTS if part in named]


def status_on(consent: Doc, day: dt.date) -> str:
    """active, withdrawn, or expired (its `until` has passed)."""
    if consent.get("withdrawn") or consent.get("status") == "withdrawn":
        return "withdrawn"
    if consent["until"] < day.isoformat():
        return "expired"
    return "active"


def in_force(consent: Doc, day: dt.date) -> bool:
    """Active and begun: what a handover may rest on."""
    return consent["status"] == "active" and consent["from"] <= day.isoformat()


class ConsentOps(PlanBase):
    # Consents ----------------------------------------------------------------------------

    def consents(self, base: dt.date | None = None) -> list[Doc]:
        """Every consent, oldest first, its status as of today (or `base`)."""
        day = base or dates.today()
        return [{**doc, "status": status_on(doc, day)} for doc in self._sorted("consents")]

    def consent(self, ref: str | int, base: dt.date | None = None) -> Doc:
        found = self._find("consents", ref, "name", _("consent"))
        return {**public(found), "status": status_on(found, base or dates.today())}

    def add_consent(
        self,
        to: str | int,
        *,
        share: str | Iterable[str],
        purpose_of: str,
        until: str | dt.date,
        start: str | dt.date | None = None,
        given_as: str = "written",
        registered_by: str,
        voice: str = "together",
        base: dt.date | None = None,
    ) -> Saved:
        """A consent the client gave to share `share` with participant `to`, from `start`
        (today when not given) until `until`. One consent per participant at a time: while
        an earlier one runs, a new one is refused until it is withdrawn."""
        today = base or dates.today()
        recipient = self._find("participants", to, "name", _("participant"))
        doc = {
            "to": recipient["number"],
            "name": recipient["name"],
            "share": share_parts(share),
            "purpose": purpose(purpose_of),
            "from": fields.due(start, today) or today.isoformat(),
            "until": runs_until(until, today),
            "given": given(given_as),
            "registered_by": fields.worker_name(registered_by),
            "status": "active",
            "withdrawn": None,
            "voice": check_voice(voice),
        }
        if doc["until"] < doc["from"]:
            raise InvalidInput(
                _("A consent ends on or after the day it starts, not {end} before {start}.").format(
                    start=doc["from"], end=doc["until"]
                )
            )
        for other in self.consents(today):
            if other["to"] == doc["to"] and other["status"] == "active":
                raise InvalidInput(
                    _(
                        "{name} already has consent {number}, until {until}. One runs at a time: "
                        "withdraw it first, then register the new one."
                    ).format(name=recipient["name"], number=other["number"], until=other["until"])
                )
        return self._insert("consents", doc)

    def withdraw_consent(
        self,
        ref: str | int,
        on: str | dt.date | None = None,
        *,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """The client took the consent back on `on` (today when not given); the record
        stays."""
        today = base or dates.today()
        day = fields.past_day(on, today)
        found = self._find("consents", ref, "name", _("consent"))
        status = status_on(found, today)
        if status == "withdrawn":
            raise InvalidInput(
                _("Consent {number} was already withdrawn on {date}.").format(
                    number=found["number"], date=found["withdrawn"]
                )
            )
        if status == "expired":
            raise InvalidInput(
                _("Consent {number} ran out on {date}; there is nothing to withdraw.").format(
                    number=found["number"], date=found["until"]
                )
            )
        if day.isoformat() < found["from"] and on is not None:
            raise InvalidInput(
                _("Consent {number} starts on {date}; it is withdrawn on or after that.").format(
                    number=found["number"], date=found["from"]
                )
            )
        return self._update(
            "consents", found, {"status": "withdrawn", "withdrawn": day.isoformat()}, revision
        )

    def consent_to(self, to: str | int, base: dt.date | None = None) -> tuple[Doc, Doc]:
        """The participant `to` and the consent in force for them; NotFound (saying what is
        missing) when there is none."""
        day = base or dates.today()
        recipient = public(self._find("participants", to, "name", _("participant")))
        theirs = [c for c in self.consents(day) if c["to"] == recipient["number"]]
        for consent in theirs:
            if in_force(consent, day):
                return recipient, consent
        raise NotFound(_missing(recipient["name"], theirs))

    # The sharing log ---------------------------------------------------------------------

    def shared(self) -> list[Doc]:
        """What has left the tool, oldest first."""
        return self._sorted("shared")

    def log_shared(
        self,
        to: Doc | None,
        *,
        consent: Doc | None,
        share: Iterable[str],
        files: Iterable[str],
        base: dt.date | None = None,
    ) -> Saved:
        """Log that `share` left the tool as `files` (names only) for participant `to`, on
        `consent`; `to` None is the client's own copy."""
        return self._insert(
            "shared",
            {
                "date": (base or dates.today()).isoformat(),
                "to": CLIENT if to is None else to["number"],
                "name": None if to is None else to["name"],
                "consent": None if consent is None else consent["number"],
                "share": list(share),
                "files": list(files),
            },
        )


def recipient_words(entry: Doc) -> str:
    """To whom something was shared: a participant's name then, or the client's own copy. The
    CLI's log and the session's say it alike."""
    if entry["to"] == CLIENT:
        return _("the client's own copy")
    return str(entry.get("name") or _("participant {number}").format(number=entry["to"]))


def runs_until(value: str | dt.date | None, today: dt.date) -> str:
    """The last day a consent holds: one must be given, and it can't have passed (a form's
    field is checked with it too)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(_("A consent needs a day it runs until."))
    day = fields.due(value, today)
    assert day is not None
    if day < today.isoformat():
        raise InvalidInput(
            _("{date} has passed; a consent runs until a day still to come.").format(date=day)
        )
    return day


def _missing(name: str, theirs: list[Doc]) -> str:
    """Why nothing may be handed over to `name`: what consent is missing."""
    if not theirs:
        return _(
            "{name} has no consent from the client to receive anything. Register one first: "
            "recovery consent add --to … --share … --purpose … --until …"
        ).format(name=name)
    last = theirs[-1]
    if last["status"] == "withdrawn":
        why = _("The client withdrew consent {number} to {name} on {date}.")
        day = last["withdrawn"]
    elif last["status"] == "expired":
        why = _("Consent {number} to {name} ran out on {date}.")
        day = last["until"]
    else:
        why = _("Consent {number} to {name} starts on {date}, not before.")
        day = last["from"]
    nothing = _("Nothing was handed over: that needs a consent in force to {name}.")
    return " ".join(
        (why.format(number=last["number"], name=name, date=day), nothing.format(name=name))
    )


def refuse_uncovered(asked: list[str], consent: Doc) -> None:
    """Refuse, naming them, the parts asked for that `consent` does not cover."""
    missing = [part for part in asked if part not in consent["share"]]
    if missing:
        raise InvalidInput(
            _(
                "Consent {number} to {name} does not cover {parts}; it covers only {covered}. "
                "Nothing was handed over."
            ).format(
                number=consent["number"],
                name=consent["name"],
                parts=", ".join(missing),
                covered=", ".join(consent["share"]),
            )
        )


# What leaves the tool ----------------------------------------------------------------------

# The tables of Plan.whole() each part holds.
_TABLES = {
    "goals": ("goals", "checkins"),
    "dreams": ("dreams",),
    "ladder": ("areas",),
    "needs": ("domains", "needs"),
    "reviews": ("reviews",),
    "crisis": ("crisis",),
    "plan": ("participants", "measures"),
}
_PERIOD = ("plan_start", "plan_end", "revise_by", "revisions", "coordinator")


def limited(whole: dict[str, Any], parts: Iterable[str]) -> dict[str, Any]:
    """Plan.whole() with only `parts` in it, and the client by name alone: what a handover
    may hold. What one part says of another (a measure's goals, a goal's dream, a review's
    crisis signs) goes only with both."""
    parts = set(parts)
    client = whole["client"]
    kept_client: dict[str, Any] = {"id": client["id"], "name": client["name"],
                                   "handle": client["handle"]}  # fmt: skip
    if "plan" in parts:
        kept_client.update({key: client.get(key) for key in _PERIOD})
    out: dict[str, Any] = {"client": kept_client, "parts": [p for p in SHARE_PARTS if p in parts]}
    for part, tables in _TABLES.items():
        for table in tables:
            empty: Any = None if table == "crisis" else []
            out[table] = whole.get(table, empty) if part in parts else empty
    if "goals" not in parts:
        out["measures"] = [{**m, "goals": []} for m in out["measures"]]
    if "dreams" not in parts:
        out["goals"] = [{**g, "dream": None} for g in out["goals"]]
    if "crisis" not in parts:
        out["reviews"] = [{**r, "signs": []} for r in out["reviews"]]
    return out
