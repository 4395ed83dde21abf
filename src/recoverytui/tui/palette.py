"""The command palette in the chosen language.

Textual's palette, its keys and its "no matches" line are written in English; this one says
the same things through the catalogue. The theme picker lists our themes by their names for
people ("Light"), not their ids ("recovery-light").
"""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import (
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    ProviderSource,
)
from textual.widgets.option_list import Option

from recoverytui.core.i18n import _
from recoverytui.tui.themes import theme_label


class Palette(CommandPalette):
    BINDINGS = [
        Binding(
            "ctrl+end, shift+end",
            "command_list('last')",
            _("Go to bottom"),
            id="palette-last",
            show=False,
            tooltip=_("The last command in the list."),
        ),
        Binding(
            "ctrl+home, shift+home",
            "command_list('first')",
            _("Go to top"),
            id="palette-first",
            show=False,
            tooltip=_("The first command in the list."),
        ),
        Binding(
            "down",
            "cursor_down",
            _("Next command"),
            id="palette-down",
            show=False,
            tooltip=_("Move down the list."),
        ),
        Binding(
            "escape",
            "escape",
            _("Close the command palette"),
            id="palette-close",
            tooltip=_("Back to where you were, nothing done."),
        ),
        Binding(
            "pagedown",
            "command_list('page_down')",
            _("Next page"),
            id="palette-page-down",
            show=False,
            tooltip=_("A page further down the list."),
        ),
        Binding(
            "pageup",
            "command_list('page_up')",
            _("Previous page"),
            id="palette-page-up",
            show=False,
            tooltip=_("A page further up the list."),
        ),
        Binding(
            "up",
            "command_list('cursor_up')",
            _("Previous command"),
            id="palette-up",
            show=False,
            tooltip=_("Move up the list."),
        ),
    ]

    def __init__(
        self,
        providers: ProviderSource | None = None,
        *,
        placeholder: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version writes its line in English; this is the same countdown.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:  # nothing typed: an empty list needs no notice
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class ThemeCommands(Provider):
    """The themes, by the names a person reads."""

    def _commands(self) -> list[tuple[str, str]]:
        names = sorted(self.app.available_themes)
        return sorted(((theme_label(name), name) for name in names), key=lambda pair: pair[0])

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for label, name in self._commands():
            yield DiscoveryHit(label, partial(self._choose, name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, name in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._choose, name))
