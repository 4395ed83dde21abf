"""The crisis plan: what the client wants done when things start to slip, in their words.

One document per client (table `crisis`), made on its first change. Its parts are lists of
short entries, each numbered within its part (numbers are never reused) and each with its
voice; a removed entry is kept in the change history like any other change. It holds the
client's own signs, what helps, whom to call: never risk scores, risk-tool items, diagnoses
or violence history, which belong in the journal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tinydb.table import Document

from recoverytui.core import fields
from recoverytui.core.documents import (
    LISTS,
    Part,
    check_voice,
    more_words,
    part_of,
)
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import UNSET, Doc, PlanBase, Saved, public


def more_check(key: str) -> Callable[[str | None], str | None]:
    """The check of what an entry holds besides its words (action, phone, …)."""
    return {
        "action": lambda v: fields.crisis_more(v, _("what I do")),
        "others": lambda v: fields.crisis_more(v, _("what others can do")),
        "relation": fields.relation,
        "phone": fields.phone,
        "text": lambda v: fields.crisis_more(v, _("why")),
        "who": lambda v: fields.crisis_more(v, _("who sees to it")),
    }[key]


def empty_crisis() -> Doc:
    """A crisis plan with nothing in it yet, as one is shown before its first change."""
    return {
        "id": None,
        "voice": "together",
        "well": None,
        **{field: [] for field in LISTS},
        "admission": None,
        "reviewed": None,
        "revise_by": None,
    }


def is_empty(crisis: Doc) -> bool:
    return (
        not crisis.get("well")
        and not crisis.get("admission")
        and not any(crisis.get(field) for field in LISTS)
    )


def is_due(crisis: Doc, today: dt.date) -> bool:
    """Whether it is time to go through the plan together: its date has come."""
    return bool(crisis.get("revise_by")) and crisis["revise_by"] <= today.isoformat()


def entry_more(part: Part, item: Doc) -> list[tuple[str, str]]:
    """What an entry holds besides its words, labelled, leaving out what is empty:
    [("what I do", "Tell Kari"), ...]. A person's relation and phone come with the name."""
    return [(more_words(key), item[key]) for key in part.more if item.get(key)]


def person_words(item: Doc) -> str:
    """A person to call as one line: 'Kari (my contact), 123 45 678'."""
    said = item["name"]
    if item.get("relation"):
        said += f" ({item['relation']})"
    if item.get("phone"):
        said += f", {item['phone']}"
    return said


def reviewed_words(crisis: Doc, today: dt.date) -> str:
    """When the plan was last gone through together and when it is due, in plain words."""
    if not crisis.get("reviewed"):
        said = _("Not gone through together yet.")
    else:
        said = _("Gone through together on {date}.").format(date=crisis["reviewed"])
    if crisis.get("revise_by"):
        if is_due(crisis, today):
            said += " " + _("Time to go through it again (by {date}).").format(
                date=crisis["revise_by"]
            )
        else:
            said += " " + _("Next time by {date}.").format(date=crisis["revise_by"])
    return said


def noticed_lines(numbers: list[int], signs: list[Doc]) -> list[str]:
    """The early signs noticed in a week, each in the client's words as the plan has it."""
    words = {sign["number"]: sign["text"] for sign in signs}
    return [
        f"{number}. {words[number]}"
        if number in words
        else _("{number}. (no longer in the crisis plan)").format(number=number)
        for number in numbers
    ]


def entry(crisis: Doc, kind: str, number: int | str) -> Doc:
    """One entry of a part, by its number; NotFound names the part and the number."""
    part = part_of(kind)
    wanted = str(number).strip()
    for item in crisis.get(part.field, []):
        if str(item["number"]) == wanted:
            return dict(item)
    raise NotFound(
        _("There is no entry {number} under {part} in the crisis plan.").format(
            part=_(part.title), number=repr(wanted)
        )
    )


class CrisisOps(PlanBase):
    def crisis(self) -> Doc:
        """The client's crisis plan; an empty one (id None) before anything is written."""
        found = self._crisis_doc()
        return public(found) if found is not None else empty_crisis()

    def add_to_crisis(
        self, kind: str, words: str | None, *, voice: str = "client", **more: str | None
    ) -> Saved:
        """Add an entry to a part: its words (a name for a person) and what else the part
        holds (`more`: action, others, relation, phone, text (why), who)."""
        part = part_of(kind)
        item: Doc = {part.main: _main(part, words)}
        item.update(_more(part, more, as_new=True))
        item["voice"] = check_voice(voice)
        doc = self._crisis_doc()
        items = list(doc[part.field]) if doc is not None else []
        number = self._next_number(f"crisis-{part.field}", (entry.get("number") for entry in items))
        items.append({"number": number, **item})
        return self._write_crisis(doc, {part.field: items}, None)

    def edit_crisis(
        self,
        kind: str,
        number: int | str,
        words: str | None = None,
        *,
        voice: str | None = None,
        revision: int | None = None,
        **more: Any,
    ) -> Saved:
        """Change an entry: new words (None keeps them), what else it holds (each given one
        set; '' or None clears it), and whose voice it is (None keeps it)."""
        part = part_of(kind)
        changes: Doc = _more(part, more, as_new=False)
        if words is not None:
            changes[part.main] = _main(part, words)
        if voice is not None:
            changes["voice"] = check_voice(voice)
        doc = self._crisis_doc()
        current = entry(doc if doc is not None else empty_crisis(), kind, number)
        items = [
            {**item, **changes} if item["number"] == current["number"] else dict(item)
            for item in doc[part.field]  # type: ignore[index]
        ]
        return self._write_crisis(doc, {part.field: items}, revision)

    def remove_from_crisis(
        self, kind: str, number: int | str, *, revision: int | None = None
    ) -> Saved:
        """Take an entry out; its number is not given again, and the history keeps it."""
        part = part_of(kind)
        doc = self._crisis_doc()
        current = entry(doc if doc is not None else empty_crisis(), kind, number)
        items = [dict(i) for i in doc[part.field] if i["number"] != current["number"]]  # type: ignore[index]
        return self._write_crisis(doc, {part.field: items}, revision)

    def set_well(
        self, words: str | None, *, voice: str = "client", revision: int | None = None
    ) -> Saved:
        """How the client is when they are well; nothing given clears it."""
        return self._write_crisis(
            self._crisis_doc(), {"well": fields.well(words), "voice": check_voice(voice)}, revision
        )

    def set_admission(
        self,
        *,
        unit: str | None = UNSET,
        phone: str | None = UNSET,
        text: str | None = UNSET,
        renew_by: str | dt.date | None = UNSET,
        voice: str = "together",
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Write the self-referral agreement (each field given is set, '' clears it). An
        agreement names its unit or its phone, so the client knows where to turn."""
        given: Doc = {}
        if unit is not UNSET:
            given["unit"] = fields.unit(unit)
        if phone is not UNSET:
            given["phone"] = fields.phone(phone)
        if text is not UNSET:
            given["text"] = fields.agreement(text)
        if renew_by is not UNSET:
            given["renew_by"] = fields.due(renew_by, base)
        voice = check_voice(voice)
        doc = self._crisis_doc()
        was = (doc.get("admission") if doc is not None else None) or {}
        now = {
            **{"unit": None, "phone": None, "text": None, "renew_by": None},
            **was,
            **given,
            "voice": voice,
        }
        if not now["unit"] and not now["phone"]:
            raise InvalidInput(
                _("A self-referral agreement needs the unit or its phone number, or both.")
            )
        return self._write_crisis(doc, {"admission": now}, revision)

    def clear_admission(self, *, revision: int | None = None) -> Saved:
        return self._write_crisis(self._crisis_doc(), {"admission": None}, revision)

    def crisis_reviewed(
        self,
        on: str | dt.date | None = None,
        *,
        revise_by: str | dt.date | None = None,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """The plan was gone through together on `on` (today when not given), and is to be
        gone through again by `revise_by` (six months on when not given)."""
        future = _("{date} is in the future; a plan is marked gone through on the day it was.")
        day = fields.past_day(on, base, future=future)
        refusal = _("The next time to go through the plan comes after {date}, not on {next}.")
        next_time = fields.next_time(revise_by, day, base, refusal)
        changes = {"reviewed": day.isoformat(), "revise_by": next_time.isoformat()}
        return self._write_crisis(self._crisis_doc(), changes, revision)

    # Helpers -------------------------------------------------------------------------------

    def _crisis_doc(self) -> Document | None:
        rows = self._db.table("crisis").all()
        return rows[0] if rows else None

    def _write_crisis(self, doc: Document | None, changes: Doc, revision: int | None) -> Saved:
        if doc is None:
            fresh = {k: v for k, v in empty_crisis().items() if k != "id"}
            return self._insert("crisis", {**fresh, **changes}, numbered=False)
        if all(doc.get(key) == value for key, value in changes.items()):
            return self._kept(doc)
        return self._update("crisis", doc, changes, revision)


def _main(part: Part, words: str | None) -> str:
    if part.main == "name":
        return fields.person(words)
    return fields.crisis_text(words, _(part.one))


def _more(part: Part, given: dict[str, Any], *, as_new: bool) -> Doc:
    """What else an entry holds, checked; a field its part has not is refused by name."""
    found: Doc = {key: None for key in part.more} if as_new else {}
    for key, value in given.items():
        if value is UNSET or (value is None and as_new):
            continue
        if key not in part.more:
            raise InvalidInput(
                _("An entry under {part} has no {field}.").format(
                    part=_(part.title), field=more_words(key) if key in _WORDS else key
                )
            )
        found[key] = more_check(key)(value)
    return found


_WORDS = ("action", "others", "relation", "phone", "text", "who")
