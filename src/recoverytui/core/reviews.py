"""The weekly review: one per client per ISO week, in the client's words.

A review holds how the week went, a hope-for-the-future rating, and the small steps agreed
for next week, which the next review starts from. It also remembers how far a guided walk
through it has come, so a session can stop and pick it up again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from tinydb import Query
from tinydb.table import Document

from recoverytui.core import dates, fields, text
from recoverytui.core.documents import REVIEW_STAGES, check_hope, check_stage, check_voice
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import UNSET, Doc, PlanBase, Saved, public

Week = str | dt.date | None


def latest_agreed(reviews: Iterable[Doc], week: str) -> tuple[list[Doc], str | None]:
    """The agreed steps of the latest review before `week` that agreed any, and its week.

    A review left without agreed steps (opened and not finished, say) is passed over, so
    what was agreed earlier is not lost from sight.
    """
    earlier = [r for r in reviews if r["week"] < week and r["agreed"]]
    if not earlier:
        return [], None
    latest = max(earlier, key=lambda r: r["week"])
    return [dict(step) for step in latest["agreed"]], latest["week"]


def _check_done_after(steps: Iterable[Doc], held: str) -> None:
    # A step is agreed at the review, so it can't have been done before the review was held.
    for step in steps:
        if step["done"] and step["done"] < held:
            raise InvalidInput(
                _("Step {number} was agreed on {held}, so it can't be done on {date}.").format(
                    number=step["number"], held=held, date=step["done"]
                )
            )


class ReviewOps(PlanBase):
    def reviews(self) -> list[Doc]:
        """Every review, oldest week first."""
        return sorted((public(r) for r in self._db.table("reviews").all()), key=_by_week)

    def review(self, week: Week = None, *, base: dt.date | None = None) -> Doc | None:
        """The review of a week (2026-W48, 48, this, last, or a day in it), or None."""
        found = self._review_doc(self._week(week, base))
        return public(found) if found is not None else None

    def open_review(
        self, week: Week = None, *, on: str | dt.date | None = None, base: dt.date | None = None
    ) -> Saved:
        """The week's review, started (held on `on`, default today) if it isn't there yet.

        Without a week, the week is the one the review is held in."""
        held = self._held(on, base)
        key = self._week(week, base) if week is not None else dates.week_key(held)
        found = self._review_doc(key)
        if found is not None:
            return self._kept(found)
        self._check_held(key, held)
        return self._new_review(
            key, held, words=None, hope=None, agreed=[], stage="goals", voice="client"
        )

    def record_review(
        self,
        week: Week = None,
        *,
        words: str | None = UNSET,
        hope: int | None = UNSET,
        agree: Sequence[str] = (),
        signs: Iterable[int | str] | None = None,
        stage: str | None = None,
        place: str | None = None,
        voice: str = "client",
        on: str | dt.date | None = None,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Write the week's review, starting it if needed.

        `stage` and `place` (the card within the stage) mark how far the walk has come. The
        mark only moves forward, and never off a finished review: looking back changes
        nothing.

        `words` and `hope` set (None or '' clears them); each `agree` text becomes a new agreed
        step, unless the review already has that step; `signs`, the numbers of the crisis
        plan's early warning signs the client noticed this week, replace those recorded
        (None leaves them); `stage` records how far the walk has
        come; `on` is the day it was held. `voice` says whose words `words` are. A call that
        changes nothing writes nothing.
        """
        voice = check_voice(voice)
        changes: Doc = {}
        if words is not UNSET:
            changes["words"] = fields.week_words(words)
            changes["voice"] = voice
        if hope is not UNSET:
            changes["hope"] = check_hope(hope)
        if stage is not None:
            changes["stage"] = check_stage(stage)
        if signs is not None:
            changes["signs"] = self._noticed(signs)
        new_steps = [fields.agreed_step(item) for item in agree]
        held = self._held(on, base)
        key = self._week(week, base) if week is not None else dates.week_key(held)
        self._check_held(key, held)
        found = self._review_doc(key)
        agreed = [dict(step) for step in found["agreed"]] if found is not None else []
        known = {text.fold(step["text"]) for step in agreed}
        for step_text in new_steps:
            if text.fold(step_text) not in known:
                known.add(text.fold(step_text))
                number = max((step["number"] for step in agreed), default=0) + 1
                step = {"number": number, "text": step_text, "voice": "together", "done": None}
                agreed.append(step)
        if stage is not None and found is not None:
            order = REVIEW_STAGES.index
            if found["stage"] == "done" or order(changes["stage"]) < order(found["stage"]):
                changes.pop("stage")
            elif place is not None:
                changes["place"] = place
        if found is None:
            return self._new_review(
                key,
                held,
                words=changes.get("words"),
                hope=changes.get("hope"),
                agreed=agreed,
                stage=changes.get("stage", "goals"),
                voice=voice,
                place=place if stage is not None else None,
                signs=changes.get("signs", []),
            )
        if on is not None:
            changes["held"] = held.isoformat()
            _check_done_after(agreed, changes["held"])
        if len(agreed) != len(found["agreed"]):
            changes["agreed"] = agreed
        if all(found.get(field) == value for field, value in changes.items()):
            return self._kept(found)
        return self._update("reviews", found, changes, revision)

    def set_agreed_step(
        self,
        week: Week,
        number: int | str,
        *,
        text: str | None = None,
        done: str | dt.date | None = None,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Reword an agreed step, or tick it: `done` is a day (today, 2026-12-01, …) or "undo".

        None leaves a field as it is. A step is done on a day that has come, and not before
        the review that agreed it."""
        new_text = fields.agreed_step(text) if text is not None else None
        when: str | object | None = UNSET
        if isinstance(done, str) and done.strip().lower() == "undo":
            when = None
        elif done is not None:
            future = _("{date} is in the future; a step is marked done once it is done.")
            when = fields.past_day(done, base, future=future).isoformat()
        found, steps, index = self._agreed_step(self._week(week, base), number)
        step = steps[index]
        if new_text is not None:
            step["text"] = new_text
        if when is not UNSET:
            step["done"] = when
            _check_done_after([step], found["held"])
        if steps == found["agreed"]:
            return self._kept(found)
        return self._update("reviews", found, {"agreed": steps}, revision)

    def remove_agreed_step(
        self,
        week: Week,
        number: int | str,
        *,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Take an agreed step out; the others keep their numbers."""
        found, steps, index = self._agreed_step(self._week(week, base), number)
        del steps[index]
        return self._update("reviews", found, {"agreed": steps}, revision)

    def agreed_before(
        self, week: Week = None, *, base: dt.date | None = None
    ) -> tuple[list[Doc], str | None]:
        """The steps agreed at the latest earlier review that agreed any, and its week:
        where the review of `week` starts from. ([], None) when there is none."""
        return latest_agreed(self.reviews(), self._week(week, base))

    def hope_series(self) -> list[tuple[str, int]]:
        """(week, hope) for every week with a hope rating, oldest first, for a chart."""
        return [(r["week"], r["hope"]) for r in self.reviews() if r.get("hope") is not None]

    # Helpers -------------------------------------------------------------------------------

    @staticmethod
    def _week(week: Week, base: dt.date | None) -> str:
        if isinstance(week, dt.date):
            return dates.week_key(week)
        return dates.parse_week(week or "", base=base)

    @staticmethod
    def _held(on: str | dt.date | None, base: dt.date | None) -> dt.date:
        return fields.past_day(
            on, base, future=_("{date} is in the future; a review is dated on the day it was held.")
        )

    @staticmethod
    def _check_held(week: str, held: dt.date) -> None:
        # A week is looked back on once it has begun: held in it or later, never before.
        monday, _sunday = dates.week_bounds(week)
        if held < monday:
            raise InvalidInput(
                _(
                    "The review of {week} can't be held on {date}, before the week begins "
                    "on {monday}."
                ).format(week=week, date=held.isoformat(), monday=monday.isoformat())
            )

    def _noticed(self, signs: Iterable[int | str]) -> list[int]:
        """Sign numbers as given, each one of the crisis plan's signs, in order, once."""
        plan = self._db.table("crisis").all()
        known = {s["number"] for s in plan[0]["signs"]} if plan else set()
        noticed = set()
        for sign in signs:
            number = text.whole_number(str(sign))
            if number is None or number not in known:
                raise NotFound(
                    _("The crisis plan has no early warning sign {number}.").format(
                        number=repr(str(sign).strip())
                    )
                )
            noticed.add(number)
        return sorted(noticed)

    def _review_doc(self, week: str) -> Document | None:
        return self._db.table("reviews").get(Query().week == week)

    def _agreed_step(self, week: str, number: int | str) -> tuple[Document, list[Doc], int]:
        found = self._review_doc(week)
        if found is None:
            raise NotFound(_("There is no review for {week} yet.").format(week=week))
        wanted = str(number).strip()
        as_number = text.whole_number(wanted)
        steps = [dict(step) for step in found["agreed"]]
        for index, step in enumerate(steps):
            if step["number"] == as_number:
                return found, steps, index
        raise NotFound(
            _("The review of {week} has no agreed step {number}.").format(
                week=week, number=repr(wanted)
            )
        )

    def _new_review(
        self,
        week: str,
        held: dt.date,
        *,
        words: str | None,
        hope: int | None,
        agreed: list[Doc],
        stage: str,
        voice: str,
        place: str | None = None,
        signs: list[int] | None = None,
    ) -> Saved:
        return self._insert(
            "reviews",
            {
                "week": week,
                "held": held.isoformat(),
                "words": words,
                "hope": hope,
                "agreed": agreed,
                "stage": stage,
                "place": place,
                "voice": voice,
                "signs": signs or [],
            },
            numbered=False,
        )


def _by_week(doc: Doc) -> str:
    return doc["week"]
