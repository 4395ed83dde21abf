"""Add or change a small goal."""

from __future__ import annotations

from typing import Any

from recoverytui.core import fields, text
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


def first_words(words: str, limit: int = 30) -> str:
    """The start of a text, cut between words, never inside one."""
    line = text.one_line(words)
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + " …"


def step_lines(value: str) -> list[str]:
    """The steps typed one per line; empty lines are none."""
    return [line for line in value.splitlines() if line.strip()]


def goal_values(goal: dict) -> dict[str, str]:
    """A goal in the form's fields, as text."""
    return {
        "title": goal.get("title", ""),
        "due": goal.get("due") or "",
        "dream": str(goal.get("dream") or ""),
        "area": goal.get("area") or "",
        "support": goal.get("support") or "",
    }


class GoalForm(FormScreen):
    def __init__(self, save: Any, goal: dict | None = None, *, dreams: list[dict]) -> None:
        goal = goal or {}
        self._save = save
        self.title_text = (
            _("Change goal {number}").format(**goal) if goal else _("A new small goal")
        )
        now = goal_values(goal)
        specs = [
            Field(
                "title",
                _("The goal, in the client's words"),
                now["title"],
                fields.goal_title,
            ),
            Field(
                "due",
                _("Due (2026-12-01, 01.12.2026, friday, +2w; empty for none)"),
                now["due"],
                fields.due,
            ),
            Field(
                "dream",
                _("The dream it serves (its number; empty for none)"),
                now["dream"],
                buttons=[
                    (f"{d['number']}: {first_words(d['text'])}", str(d["number"])) for d in dreams
                ],
            ),
            Field(
                "area",
                _("Life area (home, money, health, …)"),
                now["area"],
                fields.life_area,
            ),
            Field("support", _("Who helps with it"), now["support"], fields.support),
        ]
        if not goal:
            specs.append(
                Field(
                    "steps",
                    _("Steps on the way, one per line"),
                    check=lambda value: [fields.goal_step(line) for line in step_lines(value)],
                    multiline=True,
                )
            )
        super().__init__(specs, voice=goal.get("voice", "together"))
        self.based_on = goal

    def stored_values(self, doc: dict) -> dict[str, str] | None:
        return goal_values(doc)

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
