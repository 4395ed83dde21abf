"""The responsibility ladder: everyday areas, each on one of five steps, moved up or back.

A step back is part of the road: it is kept in the history like any other move, in the same
neutral words, and never counted as a failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from recoverytui.core import dates, fields, text
from recoverytui.core.documents import STEPS, check_step, check_voice, step_words
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import Doc, PlanBase, Saved, public


def area_ideas(template_areas: Iterable[str], areas: Iterable[Doc]) -> list[str]:
    """The template's everyday areas that are not on this ladder yet."""
    taken = _names(areas)
    return [name for name in template_areas if text.fold(name) not in taken]


def _names(areas: Iterable[Doc]) -> set[str]:
    # An area's name is unique on a ladder whatever its case.
    return {text.fold(area["name"]) for area in areas}


class LadderOps(PlanBase):
    def areas(self) -> list[Doc]:
        return self._sorted("areas")

    def area(self, ref: str | int) -> Doc:
        return public(self._find("areas", ref, "name", _("area")))

    def add_area(
        self,
        name: str,
        *,
        step: int = 1,
        next_step: str | None = None,
        ready_when: str | None = None,
        voice: str = "together",
        on: str | dt.date | None = None,
        base: dt.date | None = None,
    ) -> Saved:
        """An area on the ladder since `on` (today unless said: records from paper may be older)."""
        name = fields.area_name(name)
        step = check_step(step)
        next_step = fields.next_step(next_step)
        ready_when = fields.ready_when(ready_when)
        voice = check_voice(voice)
        if text.fold(name) in _names(self.areas()):
            raise InvalidInput(_("There is already an area called {name}.").format(name=repr(name)))
        start = {
            "date": fields.past_day(on, base).isoformat(),
            "move": "start",
            "from": None,
            "to": step,
            "note": None,
            "voice": voice,
        }
        return self._insert(
            "areas",
            {
                "name": name,
                "step": step,
                "next": next_step,
                "ready_when": ready_when,
                "voice": voice,
                "history": [start],
            },
        )

    def step_up(self, ref: str | int, **options: Any) -> Saved:
        """One step more on the client's own; takes note, next_step, ready_when, voice, on."""
        return self._move(ref, +1, **options)

    def step_back(self, ref: str | int, **options: Any) -> Saved:
        """One step back, with the same options as step_up."""
        return self._move(ref, -1, **options)

    def move(self, ref: str | int, direction: str, **options: Any) -> Saved:
        """A move named as typed, "up" or "back", with the same options as step_up."""
        return self._move(ref, +1 if fields.move(direction) == "up" else -1, **options)

    def set_area(
        self,
        ref: str | int,
        *,
        name: str | None = None,
        next_step: str | None = None,
        ready_when: str | None = None,
        voice: str = "together",
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Rename an area, or change the agreed next step or the sign that it is time.

        None leaves a field as it is; '' clears the next step or the sign. A name stays unique.
        A new agreement is kept in the history as an 'agree' entry, so none is ever lost."""
        voice = check_voice(voice)
        changes: Doc = {}
        if name is not None:
            changes["name"] = fields.area_name(name)
        if next_step is not None:
            changes["next"] = fields.next_step(next_step)
        if ready_when is not None:
            changes["ready_when"] = fields.ready_when(ready_when)
        area = self._find("areas", ref, "name", _("area"))
        if "name" in changes:
            new_name = changes["name"]
            others = [a for a in self.areas() if a["id"] != area["id"]]
            if text.fold(new_name) in _names(others):
                raise InvalidInput(
                    _("There is already an area called {name}.").format(name=repr(new_name))
                )
        if all(area.get(key) == value for key, value in changes.items()):
            return self._kept(area)
        if any(key in changes and area.get(key) != changes[key] for key in ("next", "ready_when")):
            agreed = {
                "date": (base or dates.today()).isoformat(),
                "move": "agree",
                "from": area["step"],
                "to": area["step"],
                "note": None,
                "voice": voice,
                "next": changes.get("next", area.get("next")),
                "ready_when": changes.get("ready_when", area.get("ready_when")),
            }
            changes["history"] = [*area["history"], agreed]
        return self._update("areas", area, changes, revision)

    def _move(
        self,
        ref: str | int,
        direction: int,
        *,
        note: str | None = None,
        next_step: str | None = None,
        ready_when: str | None = None,
        voice: str = "together",
        on: str | dt.date | None = None,
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        note = fields.note(note)
        voice = check_voice(voice)
        day = fields.past_day(on, base).isoformat()
        area = self._find("areas", ref, "name", _("area"))
        last = [entry for entry in area["history"] if entry["move"] in ("start", "up", "back")][-1]
        if day < last["date"]:
            # Each move starts from the step the one before it reached, so moves go in order.
            message = (
                _("{name} has stood on this step since {last}; a move can't be dated before that.")
                if last["move"] == "start"
                else _("{name} last moved on {last}; a move can't be dated before that.")
            )
            raise InvalidInput(message.format(name=repr(area["name"]), last=last["date"]))
        target = area["step"] + direction
        if target not in STEPS:
            message = (
                _("{name} is already on step 5, '{words}'; there is no step above it.")
                if direction > 0
                else _("{name} is on step 1, '{words}'; there is no step below it.")
            )
            raise InvalidInput(
                message.format(name=repr(area["name"]), words=step_words(area["step"]))
            )
        entry = {
            "date": day,
            "move": "up" if direction > 0 else "back",
            "from": area["step"],
            "to": target,
            "note": note,
            "voice": voice,
            # The agreement in force when the move was made, kept even when it is cleared.
            "next": area.get("next"),
            "ready_when": area.get("ready_when"),
        }
        changes: Doc = {"step": target, "history": [*area["history"], entry]}
        if direction > 0:
            # The agreed next step has been taken; what comes next is agreed anew.
            changes["next"] = None
            changes["ready_when"] = None
        if next_step is not None:
            changes["next"] = fields.next_step(next_step)
        if ready_when is not None:
            changes["ready_when"] = fields.ready_when(ready_when)
        return self._update("areas", area, changes, revision)
