"""One client's plan, in sections the two can move between: the heart of a session.

The screen reads the whole plan in one transaction, in a worker thread, and hands it to each
section: first, and whenever another program (the CLI) has written the file. A change made
here shows the plan as that change's own transaction left it (PlanAccess). Nothing holds a
copy across a write: every change names the revision it was made from.

A plan that can't be read is never shown as an empty one: a session doesn't open on it (the
CLI and the app say so and end with code 2), and when the file becomes unreadable while the
screen is open, one notice says so and stays until it is closed (not over a form: it waits
for the form to close). The screen then shows the plan as last read, and says so in its
header, until the file can be read again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, Tab, TabbedContent, TabPane

from recoverytui.core import dates
from recoverytui.core.i18n import _
from recoverytui.core.team.config import in_team
from recoverytui.core.text import safe
from recoverytui.tui.plan_access import PlanAccess, Reading
from recoverytui.tui.text import shown, tell
from recoverytui.tui.widgets.overview import OverviewPane
from recoverytui.tui.widgets.pane import PlanPane

POLL_SECONDS = 2.0
LEAVE_SECONDS = 3.0


# The sections after the overview: their modules are imported, and the panes built, just after
# the first paint, so the person sees the plan that much sooner.
LATER = {
    "dreams": ("dreams_view", "DreamsPane"),
    "goals": ("goals_view", "GoalsPane"),
    "ladder": ("ladder_view", "LadderPane"),
    "needs": ("needs_view", "NeedsPane"),
    "week": ("week_view", "WeekPane"),
    "crisis": ("crisis_view", "CrisisPane"),
    "who": ("who_helps_view", "WhoHelpsPane"),
}


def sections() -> list[tuple[str, str]]:
    # Short, so that all eight tabs fit 80 columns in either language.
    return [
        ("overview", _("Overview")),
        ("dreams", _("Dreams")),
        ("goals", _("Goals")),
        ("ladder", _("Ladder")),
        ("needs", _("Needs")),
        ("week", _("This week")),
        ("crisis", _("When things get hard")),
        ("who", _("Who helps")),
    ]


class PlanScreen(Screen[None]):
    # Under 100 columns the tabs lose their padding and are told apart by a line, so all
    # eight fit 80 columns in either language (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding(
            "1",
            "section('overview')",
            _("Overview"),
            id="go-overview",
            show=False,
            tooltip=_("The whole plan at a glance."),
        ),
        Binding(
            "2",
            "section('dreams')",
            _("Dreams"),
            id="go-dreams",
            show=False,
            tooltip=_("Hopes and dreams."),
        ),
        Binding(
            "3",
            "section('goals')",
            _("Goals"),
            id="go-goals",
            show=False,
            tooltip=_("Small goals."),
        ),
        Binding(
            "4",
            "section('ladder')",
            _("Ladder"),
            id="go-ladder",
            show=False,
            tooltip=_("The responsibility ladder."),
        ),
        Binding(
            "5",
            "section('needs')",
            _("Needs"),
            id="go-needs",
            show=False,
            tooltip=_("Basic needs."),
        ),
        Binding(
            "6",
            "section('week')",
            _("This week"),
            id="go-week",
            show=False,
            tooltip=_("This week's review."),
        ),
        Binding(
            "7",
            "section('crisis')",
            _("When things get hard"),
            id="go-crisis",
            show=False,
            tooltip=_("The crisis plan: early signs, what helps, whom to call."),
        ),
        Binding(
            "8",
            "section('who')",
            _("Who helps"),
            id="go-who",
            show=False,
            tooltip=_("The individual plan: who takes part, the measures, the revisions."),
        ),
        Binding(
            "escape",
            "leave",
            _("Leave"),
            id="plan-leave",
            tooltip=_("End the session (or back to the caseload)."),
        ),
        # Shown only for a store in a team (check_action).
        Binding(
            "f5",
            "sync",
            _("Sync now"),
            id="plan-sync",
            tooltip=_(
                "Send this plan's changes to the team and take in colleagues'. "
                "It syncs by itself when the session opens and closes."
            ),
        ),
    ]

    class Read(Message):
        """A read of the plan, done in a worker thread."""

        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

    class Synced(Message):
        """A sync of the plan with the team, done in a worker thread."""

        def __init__(self, outcome: Any, why: str) -> None:
            super().__init__()
            self.outcome = outcome
            self.why = why

    def __init__(self, access: PlanAccess, *, locked: bool) -> None:
        super().__init__()
        self.access = access
        access.on_saved = self._show_plan
        self.locked = locked
        self._leave_asked = -LEAVE_SECONDS
        # Why the plan can't be read now (None: it can), and whether the notice was shown.
        self._damage: str | None = None
        self._damage_shown = False
        self._tab_clicked = False
        # The team's sync (team_sync.py): never while a form or the review is on top; the
        # sync asked for meanwhile waits until this screen is back.
        self.team = in_team(access.store.home)
        self._syncing = False
        self._sync_wanted: str | None = None
        self._synced_at: str | None = None
        self._leaving: Callable[[list[tuple[str, str]]], None] | None = None

    @property
    def client_id(self) -> str:
        return self.access.client_id

    @property
    def whole(self) -> dict[str, Any] | None:
        return self.access.whole

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-header")
        with TabbedContent(id="sections"):
            for key, title in sections():
                with TabPane(title, id=f"section-{key}"):
                    if key == "overview":
                        yield OverviewPane(self.access, id="pane-overview")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        # The first read is waited for here (off the event loop), so nothing is drawn, and no
        # key is taken, before the plan is there to show.
        if self.team:  # when it last synced, in the header from the first paint
            from recoverytui.core.team.config import synced_times

            home = self.access.store.home
            times = await self.run_worker(partial(synced_times, home), thread=True).wait()
            self._synced_at = times.get(self.client_id)
        reading = await self.run_worker(self.access.read, thread=True, group="read").wait()
        self._take(reading)
        if self.whole is None:  # not read: the screen is on its way out
            return
        self.set_interval(POLL_SECONDS, self.check_for_changes)
        self.call_after_refresh(self._build_the_other_sections)
        if self.team:
            self._want_sync("open")

    def _build_the_other_sections(self) -> None:
        for key, (module, name) in LATER.items():
            pane = getattr(import_module(f"recoverytui.tui.widgets.{module}"), name)
            self.query_one(f"#section-{key}", TabPane).mount(pane(self.access, id=f"pane-{key}"))

    # Reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan again, in a worker; the screen shows it when it comes."""
        self._read()

    def check_for_changes(self) -> None:
        """Another program wrote the plan: read it again so the screen shows what is stored."""
        if not any(w.group == "read" and w.is_running for w in self.workers):
            self._read(only_if_changed=True)

    @work(thread=True, group="read")
    def _read(self, only_if_changed: bool = False) -> None:
        if only_if_changed and not self.access.changed_on_disk():
            return
        self.post_message(self.Read(self.access.read()))

    def on_plan_screen_read(self, message: Read) -> None:
        if message.reading.writes == self.access.writes:  # else a write since has shown more
            self._take(message.reading)

    def _take(self, reading: Reading) -> None:
        if reading.whole is None:
            # Not read again until the file changes: the damage is said once, not every poll.
            self.access.stamp = reading.stamp
            self._cannot_read(reading.problem or "")
            return
        self.access.whole, self.access.stamp = reading.whole, reading.stamp
        self._show_plan(reading.whole)

    def _show_plan(self, whole: dict[str, Any]) -> None:
        if self._damage is not None:
            self._damage = None
            self.notify(shown(_("The plan can be read again.")))
        self._show_header()
        for pane in self.query(PlanPane):
            pane.update_plan(whole)

    def _show_header(self) -> None:
        if self.whole is None:
            return
        header = _("{name} · week {week} · {today}").format(
            name=self.whole["client"]["name"],
            week=dates.week_key(dates.today()).split("W")[1],
            today=dates.today().isoformat(),
        )
        if self._damage is not None:
            header += " · " + _("the plan can't be read now; this is how it was")
        if self.team:
            header += " · " + self._sync_words()
        self.query_one("#plan-header", Static).update(shown(header))

    def _cannot_read(self, message: str) -> None:
        if self.whole is None:  # nothing read yet: never an empty, nameless plan
            # After this first refresh: the sections are still being mounted now.
            if self.locked:
                said = Text(f"recovery: {safe(message)}")
                self.call_after_refresh(self.app.exit, return_code=2, message=said)
            else:
                self.call_after_refresh(self._back_to_caseload)
                self.app.notify(shown(message), severity="error", timeout=20)
            return
        if self._damage is None:
            self._damage, self._damage_shown = message, False
            self._show_header()
        self._show_damage()

    def _back_to_caseload(self) -> None:
        self.dismiss(None)  # not awaited: this runs in the screen's own message loop

    def _show_damage(self) -> None:
        """The notice, once per time the plan stops being readable, and only over this
        screen: a form or the help on top gets it when it closes."""
        if self._damage is None or self._damage_shown or self.app.screen is not self:
            return
        from recoverytui.tui.screens.notice import NoticeScreen

        self._damage_shown = True
        self.app.push_screen(NoticeScreen(self._damage))

    def on_screen_resume(self) -> None:
        self._show_damage()
        if self._sync_wanted is not None:
            self._want_sync(self._sync_wanted)

    # Syncing with the team -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Neither in the footer nor on its key for a store outside a team.
        return self.team if action == "sync" else True

    def action_sync(self) -> None:
        self._want_sync("asked")

    def _want_sync(self, why: str) -> None:
        if self._syncing:
            if why == "asked":
                tell(self, _("The plan is syncing now; it will be done in a moment."))
            return
        if self.app.screen is not self and why != "close":
            # Someone is typing in a form: the sync waits for it to close.
            self._sync_wanted = why
            return
        self._sync_wanted = None
        self._syncing = True
        self._show_header()
        self._sync(why)

    @work(thread=True, group="sync")
    def _sync(self, why: str) -> None:
        from recoverytui.tui.team_sync import sync_plan

        self.post_message(self.Synced(sync_plan(self.access.store, self.client_id), why))

    def on_plan_screen_synced(self, message: Synced) -> None:
        from recoverytui.tui.team_sync import words

        self._syncing = False
        outcome = message.outcome
        self._synced_at = outcome.synced_at
        said = words(outcome, asked=message.why == "asked")
        if self._leaving is not None:
            if message.why != "close":  # the one running when leaving was asked: once more
                self._want_sync("close")
                return
            self._leaving(said)
            return
        if outcome.removed is not None:
            self._leave_now(said)
            return
        self._show_header()
        for sentence, severity in said:
            timeout = 20 if severity == "warning" else 8
            tell(self, sentence, severity=severity, timeout=timeout)
        if outcome.received:
            self.reload()

    def _sync_words(self) -> str:
        from recoverytui.tui.team_sync import when

        if self._syncing:
            return _("syncing…")
        at = when(self._synced_at)
        return _("synced {when}").format(when=at) if at else _("not synced yet")

    def leave_after_sync(self, *, end: bool | None = None) -> None:
        """Leave once the plan has synced: end the app (a session, or Ctrl+Q), or go back to
        the caseload."""
        end = self.locked if end is None else end
        if not self.team:
            self._leave_now([], end=end)
            return
        if self._leaving is not None:
            return
        self._leaving = partial(self._leave_now, end=end)
        tell(self, _("Syncing the plan before closing…"))
        self._want_sync("close")

    def _leave_now(self, said: list[tuple[str, str]], *, end: bool | None = None) -> None:
        if self.locked if end is None else end:
            # What the closing sync had to say is left in the terminal.
            words = "\n".join(safe(sentence) for sentence, _severity in said)
            message = Text(words) if words else None
            self.app.exit(message=message)
        else:
            for sentence, severity in said:  # the app's notices: they outlast this screen
                tell(self, sentence, severity=severity, timeout=20)
            self.dismiss(None)

    # Writing -------------------------------------------------------------------------------

    def on_plan_pane_change_refused(self, message: PlanPane.ChangeRefused) -> None:
        """A change from a single key was refused: the plan may have changed under it."""
        self.reload()

    # Moving about --------------------------------------------------------------------------

    def action_section(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"section-{key}"
        panes = self.query(f"#pane-{key}").results(PlanPane)
        pane = next(panes, None)
        if pane is None:  # still to be built, a moment after the first paint
            self.call_after_refresh(self.action_section, key)
            return
        pane.focus_first()

    def on_click(self, event: events.Click) -> None:
        # A tab clicked: the section's keys go with it, so its actions stay in the footer. The
        # keys that move along the tabs (left, right) keep the focus on the tabs.
        if isinstance(event.widget, Tab):
            self._tab_clicked = True
            if event.widget.has_class("-active"):
                self._focus_clicked_section()

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        if self._tab_clicked:
            self._focus_clicked_section()

    def _focus_clicked_section(self) -> None:
        self._tab_clicked = False
        self.action_section(self.query_one(TabbedContent).active.removeprefix("section-"))

    def action_leave(self) -> None:
        if not self.locked or time.monotonic() - self._leave_asked < LEAVE_SECONDS:
            self.leave_after_sync()
        else:
            # An Esc meant for a form that just closed must not end the session.
            self._leave_asked = time.monotonic()
            self.notify(shown(_("Esc again ends the session.")), timeout=LEAVE_SECONDS)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """This client's actions only: nothing here names another client."""
        from recoverytui.tui.widgets.crisis_view import CrisisPane
        from recoverytui.tui.widgets.dreams_view import DreamsPane
        from recoverytui.tui.widgets.goals_view import GoalsPane
        from recoverytui.tui.widgets.ladder_view import LadderPane
        from recoverytui.tui.widgets.week_view import WeekPane
        from recoverytui.tui.widgets.who_helps_view import WhoHelpsPane

        offer: list[tuple[str, str, Callable[[], Any]]] = [
            (
                _("section: {title}").format(title=title),
                _("Go to {title}.").format(title=title),
                partial(self.action_section, key),
            )
            for key, title in sections()
        ]
        goals = self.query_one(GoalsPane)
        offer += [
            (
                _("goal: add"),
                _("Write down a new small goal."),
                self._in("goals", goals.action_add),
            ),
            (
                _("goal: check in"),
                _("Record progress on the goal under the cursor."),
                self._in("goals", goals.action_check_in),
            ),
            (
                _("dream: add"),
                _("Write down a hope or dream."),
                self._in("dreams", self.query_one(DreamsPane).action_add),
            ),
            (
                _("area: add"),
                _("Put an everyday task on the ladder."),
                self._in("ladder", self.query_one(LadderPane).action_add),
            ),
            (
                _("week: review"),
                _("Walk through this week together."),
                self._in("week", self.query_one(WeekPane).action_review),
            ),
            (
                _("crisis plan: gone through together"),
                _("Mark the crisis plan as gone through today, and when to do it next."),
                self._in("crisis", self.query_one(CrisisPane).action_reviewed),
            ),
            (
                _("crisis plan: print"),
                _("Write the crisis plan (A4) and the card to fold as PDFs, to print."),
                self._in("crisis", self.query_one(CrisisPane).action_print_crisis),
            ),
            (
                _("participant: add"),
                _("Someone who takes part in the plan, and what they bring."),
                self._in("who", self.query_one(WhoHelpsPane).action_add_participant),
            ),
            (
                _("measure: add"),
                _("Something done for the client, and who is responsible for it."),
                self._in("who", self.query_one(WhoHelpsPane).action_add_measure),
            ),
            (
                _("plan: revision held"),
                _("We went through the plan together: when, who was there, what was agreed."),
                self._in("who", self.query_one(WhoHelpsPane).action_record_revision),
            ),
            (
                _("plan: period"),
                _("When the plan starts and ends, and when it is next revised."),
                self._in("who", self.query_one(WhoHelpsPane).action_plan_period),
            ),
            (
                _("consent: add"),
                _("The client agrees to share parts of the plan with someone who helps."),
                self._in("who", self.query_one(WhoHelpsPane).add_consent),
            ),
            (
                _("sharing: show"),
                _("The client's consents to share, and who has received the plan."),
                self._in("who", self.query_one(WhoHelpsPane).action_sharing),
            ),
            (_("screen: blank"), _("Hide the screen at once."), self.app.action_blank),
        ]
        return offer

    def _in(self, key: str, action: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> None:
            self.action_section(key)
            action()

        return run
