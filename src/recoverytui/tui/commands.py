"""The command palette offers the app's own actions for the screen it was opened from.

Each screen says what it offers through `palette_commands()`. On a plan screen that is only
that client's actions, so the palette can never show another client's name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteCommand = tuple[str, str, Callable[[], Any]]


class PlanCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        offer = getattr(self.screen, "palette_commands", None)
        return list(offer()) if offer else []

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, partial(run), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(run), help=help_text)
