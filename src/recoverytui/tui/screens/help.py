"""Help: the keys that work on the screen underneath, in plain words.

Built from the bindings active there (the screen, its focused widgets and the app), so it
can't disagree with them. Esc, F1 or ? closes it, and so does its button; q does not: q is
a letter, never a command (README, docs/architecture.md)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from recoverytui.core.i18n import _
from recoverytui.tui.text import shown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,f1,question_mark",
            "close",
            _("Close"),
            id="help-close",
            tooltip=_("Back to where you were."),
        ),
    ]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _d, _t in self.keys), default=4) + 2
        lines = [_("Keys on this screen"), ""]
        lines += [f"{key:<{width}}{words}  {tip}".rstrip() for key, words, tip in self.keys]
        lines += ["", _("Esc closes this. Ctrl+P opens the command palette.")]
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-keys"):
                yield Static(shown("\n".join(lines)))
            yield Button(_("Close"), id="close", compact=True, tooltip=_("Esc"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "close":
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
