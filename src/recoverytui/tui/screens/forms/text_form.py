"""One piece of text: a dream, a step, a need of the client's own."""

from __future__ import annotations

from typing import Any

from recoverytui.tui.screens.form import Field, FormScreen


class TextForm(FormScreen):
    def __init__(
        self,
        save: Any,
        *,
        title: str,
        label: str,
        value: str = "",
        check: Any = None,
        multiline: bool = False,
        optional: bool = False,
        voice: str = "together",
        extra: list[Field] | None = None,
        hint: str = "",
        buttons: list[tuple[str, str]] | None = None,
    ) -> None:
        self._save = save
        self.title_text = title
        fields = [
            Field(
                "text",
                label,
                value,
                check,
                multiline=multiline,
                optional=optional,
                hint=hint,
                buttons=buttons,
            ),
            *(extra or []),
        ]
        super().__init__(fields, voice=voice)

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
