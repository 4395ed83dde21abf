"""Record progress on a goal: 0–4 in plain words, and a note in the client's words."""

from __future__ import annotations

from typing import Any

from recoverytui.core import dates, text
from recoverytui.core.documents import check_progress, progress_words
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


def read_progress(value: str) -> int:
    number = text.whole_number(value)
    if number is None:
        raise InvalidInput(_("Progress is a whole number from 0 to 4."))
    return check_progress(number)


def check_note(value: str) -> None:
    text.optional(value, _("note"), max_len=text.NOTE_MAX, multiline=True)


def check_day(value: str) -> None:
    if value.strip():
        dates.parse_date(value, past=True)


class CheckInForm(FormScreen):
    def __init__(self, save: Any, goal: dict, today: dict | None = None) -> None:
        """`today`: a check-in made today already, shown to be changed rather than retyped."""
        self._save = save
        self.title_text = _("Check in on goal {number}: {title}").format(**goal)
        scale = "  ".join(f"{n} {progress_words(n)}" for n in range(5))
        today = today or {}
        progress = "" if today.get("progress") is None else str(today["progress"])
        super().__init__(
            [
                Field("progress", _("Progress, 0–4"), progress, read_progress, hint=scale),
                Field(
                    "note",
                    _("A note, in the client's words"),
                    today.get("note") or "",
                    check_note,
                    multiline=True,
                ),
                Field(
                    "date",
                    _("Day (empty for today; yesterday, monday, -3d, 01.12.2026)"),
                    "",
                    check_day,
                ),
            ],
            voice="client",
        )

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
