"""The caseload: the worker alone, choosing whom to open and seeing what is due. Never shown
in a locked session.

What is due comes from core/due.py, as for `recovery caseload`: read in a worker thread, so
a caseload whose plans must be read again (their kept summaries out of date) never holds up
the screen, and posted back as one message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from recoverytui.core import dates, due
from recoverytui.core.i18n import _
from recoverytui.core.store import Store
from recoverytui.core.team.config import in_team, synced_times
from recoverytui.tui.team_sync import when
from recoverytui.tui.text import cell, shown

# Each column: its key (how a click on its heading sorts, core's due.SORTS) and its heading.
# The name and what the sort by what is due goes by first, so they fit 80 columns; the
# rest scrolls in sideways.
COLUMNS: list[tuple[str, str]] = [
    ("name", _("Name")),
    ("revise", _("Plan by")),
    ("crisis", _("Crisis plan by")),
    ("actions", _("Past date")),
    ("review", _("Review")),
    ("checkin", _("Check-in")),
    ("coordinator", _("Coordinator")),
    ("handle", _("Handle")),
]
# For a store in a team, when each plan last synced on this laptop, next to the name.
SYNCED = ("synced", _("Synced"))
# What `s` moves between.
CYCLE = ("name", "due")


class CaseloadTable(DataTable[Any]):
    """The caseload's table: a click on a client opens the plan, as Enter does (the only
    thing to do with a row here), so the mouse alone needs no second click."""

    _open_on_click: int | None = None

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        # Textual's own click handler (which runs after this one's, as handlers of each
        # class do) moves the cursor, and opens only on a second click; a click on another
        # row than the cursor's opens that row too.
        row = event.style.meta.get("row", -1)
        if isinstance(row, int) and 0 <= row < self.row_count and row != self.cursor_row:
            self._open_on_click = row
        else:
            self._open_on_click = None

    async def _on_click(self, event: events.Click) -> None:
        row = self._open_on_click
        self._open_on_click = None
        if row is not None and event.style.meta.get("row") == row:
            key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key
            self.post_message(DataTable.RowSelected(self, row, key))


class CaseloadScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "enter,o",
            "open",
            _("Open plan"),
            id="caseload-open",
            tooltip=_("Open this client's plan."),
        ),
        Binding(
            "s",
            "sort",
            _("Sort"),
            id="caseload-sort",
            tooltip=_("Sort by name, or by what is due first. A click on a heading sorts by it."),
        ),
        Binding(
            "slash,f",
            "find",
            _("Find"),
            id="caseload-find",
            tooltip=_("Type part of a name or handle to show only those clients."),
        ),
        Binding(
            "escape",
            "back",
            _("Quit"),
            id="caseload-quit",
            tooltip=_("Close recoverytui. Esc first clears what was typed to find."),
        ),
        # While typing in the find field, the arrows still move through the list.
        Binding(
            "down",
            "move(1)",
            _("Next client"),
            id="caseload-next",
            show=False,
            tooltip=_("Move to the next client in the list."),
        ),
        Binding(
            "up",
            "move(-1)",
            _("Previous client"),
            id="caseload-previous",
            show=False,
            tooltip=_("Move to the previous client in the list."),
        ),
    ]

    class Loaded(Message):
        """The caseload as read in the worker thread."""

        def __init__(self, rows: list[due.Row], synced: dict[str, str]) -> None:
            super().__init__()
            self.rows = rows
            self.synced = synced

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[due.Row] = []
        self.sort_by = "name"
        self.reverse = False
        self.reading = True
        self.team = in_team(store.home)
        self.columns = [COLUMNS[0], SYNCED, *COLUMNS[1:]] if self.team else COLUMNS
        self.synced: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="caseload-header")
        yield Input(
            placeholder=_("Find a client: type part of a name or handle"),
            id="caseload-filter",
            compact=True,
        )
        table = CaseloadTable(id="caseload-table", cursor_type="row")
        for key, heading in self.columns:
            table.add_column(heading, key=key)
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._say_header()
        self.query_one(DataTable).focus()
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    # Reading -----------------------------------------------------------------------------

    def refresh_list(self) -> None:
        self.reading = True
        self._say_header()
        self._read()

    @work(thread=True, exclusive=True, group="caseload")
    def _read(self) -> None:
        rows = due.caseload(self.store)
        synced = synced_times(self.store.home) if self.team else {}
        if not get_current_worker().is_cancelled:  # a newer reading took its place
            self.post_message(self.Loaded(rows, synced))

    def on_caseload_screen_loaded(self, message: Loaded) -> None:
        self.rows = message.rows
        self.synced = message.synced
        self.reading = False
        self._fill()

    # Showing -----------------------------------------------------------------------------

    def _say_header(self) -> None:
        week = dates.week_key(dates.today()).split("W")[1]
        if self.sort_by == "due":
            order = _("what is due first")
        else:
            heading = dict(self.columns)[self.sort_by]
            order = heading.lower()
        words = _("Caseload · week {week} · sorted by {order}").format(week=week, order=order)
        if self.reading:
            words += " · " + _("reading…")
        self.query_one("#caseload-header", Static).update(shown(words))

    def shown_rows(self) -> list[due.Row]:
        """The rows the find field lets through, in the order chosen."""
        wanted = self.query_one("#caseload-filter", Input).value
        rows = [row for row in self.rows if due.finds(row, wanted)]
        if self.sort_by == "synced":  # the longest unsynced first
            return sorted(rows, key=self._synced_of, reverse=self.reverse)
        return sorted(rows, key=due.SORTS[self.sort_by], reverse=self.reverse)

    def _synced_of(self, row: due.Row) -> str:
        return self.synced.get(row.client["id"], "")

    def _fill(self) -> None:
        """Fill the table again, the cursor kept on the same client where it still shows."""
        table = self.query_one(DataTable)
        current = self._current_id()
        table.clear()
        for row in self.shown_rows():
            cells = _cells(row)
            if self.team:
                at = when(self.synced.get(row.client["id"]))
                cells.insert(1, cell(at or _("not yet")))
            table.add_row(*cells, key=row.client["id"])
        if current is not None:
            try:
                table.move_cursor(row=table.get_row_index(current), animate=False)
            except Exception:  # that client is not shown now: the cursor starts at the top
                table.move_cursor(row=0, animate=False)
        self._say_header()

    def _current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    # Keys and clicks ---------------------------------------------------------------------

    def action_open(self, client_id: str | None = None) -> None:
        from recoverytui.tui.plan_access import PlanAccess
        from recoverytui.tui.screens.plan import PlanScreen

        client_id = client_id or self._current_id()
        if client_id is not None and self.is_current:
            self.app.push_screen(PlanScreen(PlanAccess(self.store, client_id), locked=False))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open(str(event.row_key.value))

    @on(Input.Submitted, "#caseload-filter")
    def _open_found(self) -> None:
        self.action_open()

    @on(Input.Changed, "#caseload-filter")
    def _find(self) -> None:
        self._fill()

    def action_find(self) -> None:
        self.query_one("#caseload-filter", Input).focus()

    def action_move(self, by: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + by)))

    def action_sort(self) -> None:
        at = CYCLE.index(self.sort_by) if self.sort_by in CYCLE else -1
        self.sort_by = CYCLE[(at + 1) % len(CYCLE)]
        self.reverse = False
        self._fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        # A second click on the same heading turns the order round.
        self.reverse = not self.reverse if key == self.sort_by else False
        self.sort_by = key
        self._fill()

    def action_back(self) -> None:
        """Esc clears what was typed to find, first; then it closes, as before."""
        found = self.query_one("#caseload-filter", Input)
        if found.value:
            found.value = ""
            self.query_one(DataTable).focus()
            return
        self.app.exit()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (_("caseload: open the plan under the cursor"), _("Open it."), self.action_open),
            (
                _("caseload: sort by name, or by what is due first"),
                _("Sort by name, or by what is due first. A click on a heading sorts by it."),
                self.action_sort,
            ),
        ]


def _cells(row: due.Row) -> list[Any]:
    client = row.client
    what = row.due
    if what is None:
        said = [_("can't be read; see recovery doctor"), *["-"] * 4]
        return [cell(client["name"]), *map(cell, said),
                cell(client.get("coordinator") or "-"), cell(client["handle"])]  # fmt: skip
    return [
        cell(client["name"]),
        cell(due.by_words(what.revise_by, what.plan_due)),
        cell(due.by_words(what.crisis_revise_by, what.crisis_due)),
        cell(due.actions_words(what.actions_past_date, what.actions_since)),
        cell(due.review_words(what.last_review)),
        cell(due.checkin_words(what.weeks_since_checkin)),
        cell(what.coordinator or "-"),
        cell(client["handle"]),
    ]
