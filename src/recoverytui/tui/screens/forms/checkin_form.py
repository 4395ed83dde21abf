"""Record progress on a goal: 0–4 in plain words, and a note in the client's words."""

from __future__ import annotations

from typing import Any

from recoverytui.core import fields
from recoverytui.core.documents import PROGRESS, progress_words
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


def new_note(typed: str, today: dict | None) -> str | None:
    """The note to save: None when it is today's note unchanged, so it is not said again
    and keeps the voice it was said in."""
    if today and typed.strip() == (today.get("note") or "").strip():
        return None
    return typed


def progress_buttons() -> list[tuple[str, str]]:
    """0–4 as buttons that say what each means: '0 not yet' … '4 all the way'."""
    return [(f"{n} {progress_words(n)}", str(n)) for n in PROGRESS]


class CheckInForm(FormScreen):
    def __init__(self, save: Any, goal: dict, today: dict | None = None) -> None:
        """`today`: a check-in made today already, shown to be changed rather than retyped."""
        self._save = save
        self.title_text = _("Check in on goal {number}: {title}").format(**goal)
        today = today or {}
        progress = "" if today.get("progress") is None else str(today["progress"])
        super().__init__(
            [
                Field(
                    "progress",
                    _("Progress, 0–4"),
                    progress,
                    fields.progress,
                    buttons=progress_buttons(),
                ),
                Field(
                    "note",
                    _("A note, in the client's words"),
                    today.get("note") or "",
                    fields.note,
                    multiline=True,
                ),
                Field(
                    "date",
                    _("Day (empty for today; yesterday, monday, -3d, 01.12.2026)"),
                    "",
                    fields.past_day,
                    optional=True,
                ),
            ],
            voice="client",
        )

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
