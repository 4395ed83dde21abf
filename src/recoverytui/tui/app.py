"""The Textual app: thin. It registers themes, holds app-wide keys, and opens the first screen.

Two ways in: the caseload (the worker alone) or a session locked to one client (the shared
screen), where nothing can show another client's name.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from recoverytui import INTERRUPTED
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import LANGUAGES, SWITCH_WORDS, _, language
from recoverytui.core.settings import load_settings, save_language, save_setting
from recoverytui.core.storage import is_open
from recoverytui.core.store import Store
from recoverytui.core.text import safe
from recoverytui.tui.commands import PlanCommands
from recoverytui.tui.palette import Palette, ThemeCommands
from recoverytui.tui.text import shown
from recoverytui.tui.themes import DEFAULT_THEME, VARIABLE_DEFAULTS, load_themes


class RecoveryApp(App[str | None]):
    # Absolute, so a subclass defined elsewhere still finds it.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "recoverytui"
    # Textual's system commands are replaced by ours (get_system_commands), in the chosen
    # language, which PlanCommands lists after the screen's own.
    COMMANDS = {PlanCommands}
    BINDINGS = [
        # Textual adds this binding itself, described in English, unless the app has one.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            _("palette"),
            id="palette",
            show=False,
            priority=True,
            tooltip=_("Open the command palette"),
        ),
        Binding(
            "ctrl+l,f12",
            "blank",
            _("Blank"),
            id="blank",
            priority=True,
            tooltip=_("Hide the screen at once; the same key brings it back."),
        ),
        # F1 works everywhere, forms included; ? only where it isn't being typed.
        Binding(
            "f1", "help", _("Help"), id="help", priority=True, tooltip=_("What each key does.")
        ),
        Binding(
            "question_mark",
            "help",
            _("Help"),
            id="help-question",
            show=False,
            tooltip=_("What each key does."),
        ),
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="quit",
            show=False,
            priority=True,
            tooltip=_("Close recoverytui. Everything is already saved."),
        ),
    ]

    def __init__(self, store: Store, *, client: str | None = None) -> None:
        super().__init__()
        self.store = store
        # What the store has to say while it works (settings that can't be read) is shown
        # here, never printed over the screen.
        store.on_warning = self._warn
        self.client_ref = client
        # In a session the app is locked to this client id for its whole life (found once
        # the store is open: an encrypted store asks for its passphrase first).
        self.locked_client: str | None = None
        self._interrupt_asked = False
        for theme in load_themes():
            self.register_theme(theme)
        # Only the three made for this tool: calm, light and high contrast.
        for name in list(self.available_themes):
            if not name.startswith("recovery-"):
                self.unregister_theme(name)
        self._apply_saved_theme()

    def _apply_saved_theme(self) -> PlanError | None:
        """The saved theme; the first one while the settings can't be read (or, in an
        encrypted store, before it is open), and then why."""
        try:
            chosen = load_settings(self.store.home).get("theme")
        except PlanError as error:
            chosen = None
            problem: PlanError | None = error
        else:
            problem = None
        self.theme = chosen if chosen in self.available_themes else DEFAULT_THEME
        return problem

    def _warn(self, message: str) -> None:
        if threading.get_ident() != self._thread_id:  # said while the caseload is read
            self.call_from_thread(self._warn, message)
            return
        self.notify(shown(message), severity="warning", timeout=30)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return VARIABLE_DEFAULTS

    def on_load(self) -> None:
        # SIGINT from outside (`kill -INT`; Ctrl+C itself is a key here) would otherwise raise
        # wherever the app happens to be, half-way through drawing, and end it with an error.
        # Taken by the loop, it is a quiet quit with Ctrl+C's exit code.
        with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):  # not main thread
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._interrupted)

    def _interrupted(self) -> None:
        self._interrupt_asked = True
        self.exit(return_code=INTERRUPTED)

    def on_mount(self) -> None:
        if self.store.encrypted and not is_open():
            from recoverytui.tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(self.store.home), self._opened)
        else:
            self._opened(True)

    def _opened(self, _unlocked: bool | None) -> None:
        problem = self._apply_saved_theme()  # an encrypted store's can be read only now
        if problem is not None:
            self._warn(str(problem))
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.client_ref:
            try:
                self.locked_client = self.store.find_client(self.client_ref)["id"]
            except PlanError as error:
                self.exit(return_code=2, message=Text(f"recovery: {safe(error)}"))
                return
            from recoverytui.tui.plan_access import PlanAccess
            from recoverytui.tui.screens.plan import PlanScreen

            self.push_screen(PlanScreen(PlanAccess(self.store, self.locked_client), locked=True))
        else:
            from recoverytui.tui.screens.caseload import CaseloadScreen

            self.push_screen(CaseloadScreen(self.store))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's, in the chosen language, less Screenshot: it writes the screen, client
        data included, to a world-readable file. Keys opens our help, which is translated."""
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.action_change_theme)
        yield SystemCommand(_("Keys"), _("What each key does."), self.action_help)
        yield SystemCommand(*SWITCH_WORDS[self.other_language], self.action_switch_language)
        yield SystemCommand(_("Quit"), _("Close recoverytui. Everything is already saved."),
                            self.action_quit)  # fmt: skip
        if screen.maximized is not None:
            yield SystemCommand(
                _("Minimize"), _("Bring the widget back to its usual size"), screen.action_minimize
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                _("Maximize"), _("Let the focused widget fill the screen"), screen.action_maximize
            )

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(Palette([ThemeCommands], placeholder=_("Search for themes…")))

    def action_blank(self) -> None:
        from recoverytui.tui.screens.blank import BlankScreen

        if isinstance(self.screen, BlankScreen):
            self.pop_screen()
        else:
            self.push_screen(BlankScreen())

    def action_help(self) -> None:
        from recoverytui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # F1 again closes it, as Esc does
            self.screen.dismiss(None)
            return
        keys: dict[str, tuple[str, str, str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            # Ours (they all have ids) and any shown in the footer; not widget internals.
            if active.enabled and binding.description and (binding.id or binding.show):
                key = self.get_key_display(binding)
                if binding.action in keys:  # one line per action, its keys together
                    old_key = keys[binding.action][0]
                    key = f"{old_key}, {key}"
                keys[binding.action] = (key, binding.description, active.tooltip or binding.tooltip)
        self.push_screen(HelpScreen(list(keys.values())))

    @property
    def other_language(self) -> str:
        return next(code for code in LANGUAGES if code != language())

    def action_switch_language(self) -> None:
        """Remember the other language and end, asking `recovery session` to open again in
        it: a screen's words are fixed when it is made. What is typed but not saved is kept
        or asked about first, as on quitting."""
        if not self._may_leave():
            return
        try:
            save_language(self.store.home, self.other_language)
        except PlanError as error:  # this session still opens again in it
            self._warn(str(error))
        self.exit(result=self.other_language)

    def _may_leave(self) -> bool:
        """A screen with unsaved typing gets to keep it (or to ask) first."""
        before_quit = getattr(self.screen, "before_quit", None)
        return before_quit is None or before_quit()

    async def action_quit(self) -> None:
        """Ctrl+Q, once what is typed is kept or let go; a plan in a team syncs first."""
        if not self._may_leave():
            return
        for screen in self.screen_stack:
            leave_after_sync = getattr(screen, "leave_after_sync", None)
            if getattr(screen, "team", False) and leave_after_sync is not None:
                leave_after_sync(end=True)
                return
        self.exit()

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if name:
            try:
                save_setting(self.store.home, "theme", name)
            except PlanError as error:  # settings that can't be read are never written over
                self._warn(_("The theme is used but not kept. {problem}").format(problem=error))

    def _fatal_error(self) -> None:
        """On a crash, say what kind of error it was and nothing more.

        Textual's own report prints local variables, which can hold a client's notes."""
        error = self._exception
        if self._interrupt_asked:
            # Quitting while the first screen was still being put together stops that half-way
            # (a MountError, say): what was asked for, not an error to show.
            self._return_code = INTERRUPTED
            self._close_messages_no_wait()
            return
        self.bell()
        message = _(
            "recoverytui stopped after an unexpected error ({kind}). What was saved is safe."
        )
        kind = type(error).__name__ if error else "unknown"
        self._exit_renderables.append(Text(message.format(kind=kind)))
        self._close_messages_no_wait()
