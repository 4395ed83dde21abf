"""Pick one of a few words (a goal's or a dream's status), with an optional note."""

from __future__ import annotations

from typing import Any

from recoverytui.core import text
from recoverytui.core.documents import check_choice
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


class ChoiceForm(FormScreen):
    def __init__(
        self,
        save: Any,
        *,
        title: str,
        choices: tuple[str, ...],
        current: str,
        note: bool,
        voice: str = "together",
    ) -> None:
        self._save = save
        self.title_text = title
        fields = [
            Field(
                "choice",
                _("One of: {choices}").format(choices=", ".join(choices)),
                current,
                lambda value: check_choice(value, choices, _("choice")),
            ),
        ]
        if note:
            fields.append(
                Field(
                    "note",
                    _("A few words on why (optional)"),
                    multiline=True,
                    check=lambda v: text.optional(
                        v, _("note"), max_len=text.NOTE_MAX, multiline=True
                    ),
                )
            )
        self.with_voice = note
        super().__init__(fields, voice=voice)

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
