"""A consent to share: to whom (a participant), which parts, what for, until and from when,
and how the client gave it. Every field is picked from a list or checked by core's own rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from recoverytui.core import consent, fields
from recoverytui.core.documents import GIVEN, SHARE_PARTS, given_words, share_words
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field, FormScreen


class ConsentForm(FormScreen):
    def __init__(self, save: Any, *, people: list[tuple[str, str]], today: dt.date) -> None:
        self._save = save
        self.title_text = _("Consent to share")

        def day(value: str) -> str | None:
            return fields.due(value, today)

        specs = [
            Field("to", _("Who may receive it"), choices=people, placeholder=_("choose")),
            Field("share", _("Which parts of the plan"), check=consent.share_parts,
                  choices=[(share_words(part), part) for part in SHARE_PARTS], many=True,
                  at_least_one=True),
            Field("purpose", _("What it is for"), check=consent.purpose),
            Field("until", _("Until (2027-03-01, +3m, …)"),
                  check=lambda value: consent.runs_until(value, today)),
            Field("from", _("From (a date; empty for today)"), check=day, optional=True),
            Field("given", _("How the client gave it"), "written", consent.given,
                  choices=[(given_words(way), way) for way in GIVEN]),
        ]  # fmt: skip
        super().__init__(specs)

    def save(self, values: dict[str, str], voice: str) -> Any:
        return self._save(values, voice)
