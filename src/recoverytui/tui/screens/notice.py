"""A notice that stays until it is dismissed: what a person must read, such as a plan that
can no longer be read. One at a time, and never over a form (the screen waits for it to
close)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from recoverytui.core.i18n import _
from recoverytui.tui.text import shown


class NoticeScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,enter,space",
            "close",
            _("Close"),
            id="notice-close",
            tooltip=_("Back to where you were."),
        ),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="notice-box"):
            yield Static(shown(self.message), id="notice-text")
            yield Static(shown(_("Enter or Esc closes this.")), id="notice-close-hint")

    def action_close(self) -> None:
        self.dismiss(None)
