"""Unlock: the passphrase of an encrypted store, asked before anything of the plans shows."""

from __future__ import annotations

from pathlib import Path

from textual import work
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

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = home

    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = event.input
        typed, field.value = field.value, ""  # off the screen's state at once
        field.disabled = True  # one try at a time
        self.query_one("#unlock-message", Static).update(shown(_("Opening…")))
        self._unlock(typed)
        del typed

    @work(thread=True, exclusive=True)
    def _unlock(self, typed: str) -> None:
        """scrypt takes a moment, and finishing a change of passphrase cut short longer: off
        the event loop, so the screen stays drawn meanwhile."""
        try:
            cipher = crypto.unlock(self.home, typed)
        except PlanError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        finally:
            del typed
        said = crypto.finish_cut_short(self.home, cipher) if cipher.rotating else []
        if not cipher.finished:
            said.append(_("Encrypting this store was interrupted. Run `recovery init --encrypt`."))
        self.app.call_from_thread(self._opened, said)

    def _refused(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(shown(message))
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.focus()

    def _opened(self, said: list[str]) -> None:
        for line in said:
            self.app.notify(line, severity="warning", markup=False)
        self.dismiss(True)

    def action_leave(self) -> None:
        self.app.exit()
