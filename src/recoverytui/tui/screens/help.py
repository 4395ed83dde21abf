"""Help: the keys that work on the screen underneath, in plain words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from recoverytui.core.i18n import _
from recoverytui.tui.text import shown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,f1,question_mark,q",
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
        with VerticalScroll(id="help-box"):
            yield Static(shown("\n".join(lines)))

    def action_close(self) -> None:
        self.dismiss(None)
