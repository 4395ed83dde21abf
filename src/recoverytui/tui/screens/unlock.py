"""Unlock: the passphrase of an encrypted store, asked before anything of the plans shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from recoverytui.core import crypto
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.tui.text import shown


class UnlockScreen(Screen[bool]):
    """Dismissed with True once the store is open; Esc closes the program."""

    BINDINGS = [
        Binding(
            "escape",
            "leave",
            _("Close"),
            id="unlock-close",
            tooltip=_("Close recoverytui without opening the store."),
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static(shown(_("The plans are encrypted. Type the passphrase and press Enter.")))
            yield Input(
                password=True,
                placeholder=_("Passphrase"),
                id="passphrase",
                tooltip=_("Hidden as you type. It is not saved anywhere."),
            )
            yield Static("", id="unlock-message")
        yield Footer(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = event.input
        typed, field.value = field.value, ""  # off the screen's state at once
        home = self.app.store.home  # type: ignore[attr-defined]
        try:
            cipher = crypto.unlock(home, typed)
        except PlanError as error:
            self.query_one("#unlock-message", Static).update(shown(str(error)))
            return
        finally:
            del typed
        if cipher.rotating:
            for line in crypto.finish_cut_short(home, cipher):
                self.app.notify(line, severity="warning", markup=False)
        if not cipher.finished:
            self.app.notify(
                _("Encrypting this store was interrupted. Run `recovery init --encrypt`."),
                severity="warning",
                markup=False,
            )
        self.dismiss(True)

    def action_leave(self) -> None:
        self.app.exit()
