"""Small goals with their steps and check-ins, and hopes and dreams."""

from __future__ import annotations

import datetime as dt

from tinydb import Query

from recoverytui.core import dates, fields, text
from recoverytui.core.documents import check_progress, check_voice
from recoverytui.core.errors import NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import UNSET, Doc, PlanBase, Saved, public


class GoalOps(PlanBase):
    def dreams(self) -> list[Doc]:
        return self._sorted("dreams")

    def goals(self, *, include_closed: bool = True) -> list[Doc]:
        goals = self._sorted("goals")
        if not include_closed:
            goals = [goal for goal in goals if being_worked_on(goal)]
        return goals

    def checkins(self, goal: str | int | None = None) -> list[Doc]:
        table = self._db.table("checkins")
        if goal is None:
            rows = table.all()
        else:
            goal_id = self.goal(goal)["id"]
            rows = table.search(Query().goal_id == goal_id)
        return sorted((public(row) for row in rows), key=lambda row: (row["date"], row["created"]))

    def dream(self, ref: str | int) -> Doc:
        return public(self._find("dreams", ref, "text", _("dream")))

    def goal(self, ref: str | int) -> Doc:
        return public(self._find("goals", ref, "title", _("goal")))

    def add_dream(
        self,
        dream_text: str,
        *,
        voice: str = "client",
        on: str | dt.date | None = None,
        base: dt.date | None = None,
    ) -> Saved:
        """A dream written down now, or on `on` (a dream from the paper plan may be older):
        a weekly sheet lists it from that day's week."""
        words = fields.dream_text(dream_text)
        voice = check_voice(voice)
        day = None if on is None else fields.past_day(on, base)
        return self._insert("dreams", {"text": words, "status": "held", "voice": voice}, on=day)

    def edit_dream(self, ref: str | int, *, text: str, revision: int | None = None) -> Saved:
        """Reword a dream; the same words again write nothing."""
        words = fields.dream_text(text)
        dream = self._find("dreams", ref, "text", _("dream"))
        if dream["text"] == words:
            return self._kept(dream)
        return self._update("dreams", dream, {"text": words}, revision)

    def set_dream_status(
        self, ref: str | int, status: str, *, revision: int | None = None
    ) -> Saved:
        status = fields.dream_status(status)
        dream = self._find("dreams", ref, "text", _("dream"))
        if dream["status"] == status:
            return self._kept(dream)
        return self._update("dreams", dream, {"status": status}, revision)

    def add_goal(
        self,
        title: str,
        *,
        due: str | dt.date | None = None,
        dream: str | int | None = None,
        area: str | None = None,
        steps: list[str] | tuple[str, ...] = (),
        support: str | None = None,
        voice: str = "together",
        base: dt.date | None = None,
    ) -> Saved:
        title = fields.goal_title(title)
        voice = check_voice(voice)
        due_date = fields.due(due, base)
        dream_number = self._dream_number(dream)
        area = fields.life_area(area)
        support = fields.support(support)
        step_docs = [self._step(number, words, voice) for number, words in enumerate(steps, 1)]
        today = (base or dates.today()).isoformat()
        return self._insert(
            "goals",
            {
                "title": title,
                "status": "active",
                "due": due_date,
                "dream": dream_number,
                "area": area,
                "steps": step_docs,
                "support": support,
                "voice": voice,
                "history": [{"date": today, "status": "active", "note": None, "voice": voice}],
            },
        )

    def edit_goal(
        self,
        ref: str | int,
        *,
        title: str = UNSET,
        due: str | dt.date | None = UNSET,
        dream: str | int | None = UNSET,
        area: str | None = UNSET,
        support: str | None = UNSET,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Change what was given; None or '' clears due, dream, area and support. A title
        can be changed but not cleared. A call that changes nothing writes nothing."""
        changes: Doc = {}
        if title is not UNSET:
            changes["title"] = fields.goal_title(title)
        if due is not UNSET:
            changes["due"] = fields.due(due, base)
        if area is not UNSET:
            changes["area"] = fields.life_area(area)
        if support is not UNSET:
            changes["support"] = fields.support(support)
        if dream is not UNSET:
            changes["dream"] = self._dream_number(dream)
        goal = self._find("goals", ref, "title", _("goal"))
        if all(goal.get(field) == value for field, value in changes.items()):
            return self._kept(goal)
        return self._update("goals", goal, changes, revision)

    def add_step(
        self,
        goal_ref: str | int,
        step_text: str,
        *,
        voice: str = "together",
        revision: int | None = None,
    ) -> Saved:
        goal = self._find("goals", goal_ref, "title", _("goal"))
        numbers = [step["number"] for step in goal["steps"]]
        step = self._step(max(numbers, default=0) + 1, step_text, check_voice(voice))
        return self._update("goals", goal, {"steps": [*goal["steps"], step]}, revision)

    def complete_step(
        self,
        goal_ref: str | int,
        step_ref: str | int,
        *,
        on: str | dt.date | None = None,
        undo: bool = False,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Mark a step (by number or exact text) done on a day, or open again with undo."""
        goal = self._find("goals", goal_ref, "title", _("goal"))
        done = None if undo else fields.past_day(on, base).isoformat()
        steps = [dict(step) for step in goal["steps"]]
        step = steps[_step_index(goal, step_ref)]
        if step["done"] == done:
            return self._kept(goal)
        step["done"] = done
        return self._update("goals", goal, {"steps": steps}, revision)

    def edit_step(
        self,
        goal_ref: str | int,
        step_ref: str | int,
        *,
        text: str,
        revision: int | None = None,
    ) -> Saved:
        """Reword a step (found by number or exact text); its number and done date stay."""
        words = fields.goal_step(text)
        goal = self._find("goals", goal_ref, "title", _("goal"))
        steps = [dict(step) for step in goal["steps"]]
        step = steps[_step_index(goal, step_ref)]
        if step["text"] == words:
            return self._kept(goal)
        step["text"] = words
        return self._update("goals", goal, {"steps": steps}, revision)

    def remove_step(
        self, goal_ref: str | int, step_ref: str | int, *, revision: int | None = None
    ) -> Saved:
        """Take a step out of a goal; the other steps keep their numbers."""
        goal = self._find("goals", goal_ref, "title", _("goal"))
        index = _step_index(goal, step_ref)
        steps = [dict(step) for i, step in enumerate(goal["steps"]) if i != index]
        return self._update("goals", goal, {"steps": steps}, revision)

    def set_goal_status(
        self,
        goal_ref: str | int,
        status: str,
        *,
        note: str | None = None,
        voice: str = "together",
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        status = fields.goal_status(status)
        note = fields.note(note)
        voice = check_voice(voice)
        goal = self._find("goals", goal_ref, "title", _("goal"))
        if goal["status"] == status and note is None:
            return self._kept(goal)
        # The same status with a note is kept too: a few words on how it stands now.
        entry = {
            "date": (base or dates.today()).isoformat(),
            "status": status,
            "note": note,
            "voice": voice,
        }
        return self._update(
            "goals", goal, {"status": status, "history": [*goal["history"], entry]}, revision
        )

    def check_in(
        self,
        goal_ref: str | int,
        progress: int,
        *,
        note: str | None = None,
        on: str | dt.date | None = None,
        voice: str = "client",
        base: dt.date | None = None,
    ) -> Saved:
        """Record progress on a goal for a day. A second check-in on the same day updates it."""
        progress = check_progress(progress)
        note = fields.note(note)
        voice = check_voice(voice)
        day = fields.past_day(on, base).isoformat()
        goal = self._find("goals", goal_ref, "title", _("goal"))
        table = self._db.table("checkins")
        existing = table.get((Query().goal_id == goal["id"]) & (Query().date == day))
        if existing is not None:
            # The voice belongs to the note: without a new note, both stay as they were.
            changes: Doc = {"progress": progress}
            if note is not None:
                changes.update(note=note, voice=voice)
            if all(existing.get(key) == value for key, value in changes.items()):
                return self._kept(existing)
            # What was said before is kept, never overwritten.
            earlier = {key: existing.get(key) for key in ("progress", "note", "voice", "updated")}
            changes["earlier"] = [*existing.get("earlier", []), earlier]
            return self._update("checkins", existing, changes, None)
        return self._insert(
            "checkins",
            {
                "goal": goal["number"],
                "goal_id": goal["id"],
                "date": day,
                "progress": progress,
                "note": note,
                "voice": voice,
            },
            numbered=False,
        )

    def _step(self, number: int, words: str, voice: str) -> Doc:
        return {"number": number, "text": fields.goal_step(words), "done": None, "voice": voice}

    def _dream_number(self, dream: str | int | None) -> int | None:
        """The number of the dream a goal serves; nothing given (or blank) is none."""
        if dream is None or not str(dream).strip():
            return None
        return self._find("dreams", dream, "text", _("dream"))["number"]


def being_worked_on(goal: Doc) -> bool:
    """Active or paused: not reached and not let go."""
    return goal["status"] in ("active", "paused")


def find_step(goal: Doc, step_ref: str | int) -> Doc:
    """A goal's step, named by its number or exact text."""
    return goal["steps"][_step_index(goal, step_ref)]


def _step_index(goal: Doc, step_ref: str | int) -> int:
    """Where a step, named by its number or exact text, sits in the goal's list."""
    wanted = str(step_ref).strip()
    number = text.whole_number(wanted)
    for index, step in enumerate(goal["steps"]):
        if step["number"] == number or text.fold(step["text"]) == text.fold(wanted):
            return index
    raise NotFound(
        _("Goal {goal} has no step {step}.").format(goal=goal["number"], step=repr(wanted))
    )
