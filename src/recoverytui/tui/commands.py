"""The command palette offers the app's own actions for the screen it was opened from.

Each screen says what it offers through `palette_commands()`. On a plan screen that is only
that client's actions, so the palette can never show another client's name. The app's own
(theme, keys, quit) follow. One provider for both keeps the list in the same order every time.
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
        commands = list(offer()) if offer else []
        for command in self.app.get_system_commands(self.screen):
            commands.append((command.title, command.help, command.callback))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, partial(run), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(run), help=help_text)
