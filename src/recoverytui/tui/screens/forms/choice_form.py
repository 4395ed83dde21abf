"""Pick one of a few words (a goal's or a dream's status), with an optional note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recoverytui.core import fields
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


class ChoiceForm(FormScreen):
    def __init__(
        self,
        save: Any,
        *,
        title: str,
        choices: tuple[str, ...],
        check: Callable[[str], str],
        current: str,
        note: bool,
        voice: str = "together",
        words: Callable[[str], str] = str,
    ) -> None:
        """`words`: how a person reads each choice, on its button."""
        self._save = save
        self.title_text = title
        specs = [
            Field(
                "choice",
                _("One of: {choices}").format(choices=", ".join(choices)),
                current,
                check,
                buttons=[(words(choice), choice) for choice in choices],
            )
        ]
        if note:
            specs.append(
                Field("note", _("A few words on why (optional)"), check=fields.note, multiline=True)
            )
        self.with_voice = note
        super().__init__(specs, voice=voice)

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
