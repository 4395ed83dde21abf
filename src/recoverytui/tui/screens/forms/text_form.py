"""One piece of text: a dream, a step, a need of the client's own."""

from __future__ import annotations

from collections.abc import Callable
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
        based_on: dict[str, Any] | None = None,
        stored: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ) -> None:
        """`based_on`, the entry being changed, and `stored`, how a version of it reads in
        the fields: with both, a change made elsewhere meanwhile is shown side by side to
        choose from, and `save` takes the revision from `self.based_on`."""
        self._save = save
        self._stored = stored
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
        if based_on is not None:
            self.based_on = based_on

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)

    def stored_values(self, doc: dict[str, Any]) -> dict[str, str] | None:
        return self._stored(doc) if self._stored is not None else None
