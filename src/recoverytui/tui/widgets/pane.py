"""What the plan's sections share: the whole plan handed down after every read, and a table
whose rows are entries found by their short number."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events
from textual.containers import Vertical
from textual.widgets import DataTable

from recoverytui.tui.text import tell
from recoverytui.tui.widgets.buttons import ActionButtons

if TYPE_CHECKING:
    from recoverytui.tui.screens.plan import PlanScreen

Doc = dict[str, Any]
# A second press of remove within this many seconds takes the entry out.
REMOVE_SECONDS = 3.0
# Under this many columns a table's long text column ends in … so the columns after it show.
NARROW = 100


class PlanPane(Vertical):
    whole: Doc | None = None
    entries = ""  # the list of the plan this pane's table shows: goals, areas, …
    # The table's headings, each with its width on a narrow screen (None: as wide as its text).
    # The detail below the table has the long text whole.
    columns: tuple[tuple[str, int | None], ...] = ()
    _narrow = False
    _remove_asked: tuple[str, float] | None = None
    # The section's actions as buttons on top, made from its bindings (False: it has its own).
    action_buttons = True

    @property
    def plan_screen(self) -> PlanScreen:
        return self.screen  # type: ignore[return-value]

    def on_mount(self) -> None:
        if self.action_buttons and type(self).BINDINGS and not self.query_children(ActionButtons):
            self.mount(ActionButtons(type(self).BINDINGS, classes="action-buttons"), before=0)
        # A section built after the screen's first read takes the plan it read.
        whole = getattr(self.screen, "whole", None)
        if self.whole is None and whole is not None:
            self.update_plan(whole)

    def update_plan(self, whole: Doc) -> None:
        self.whole = whole
        self.show()

    def show(self) -> None:
        raise NotImplementedError

    def asked_twice(self, where: str, ask: str) -> bool:
        """Whether remove was pressed a second time on the same row, soon enough; the first
        press says `ask` and waits for the second."""
        asked, self._remove_asked = self._remove_asked, None
        if (
            asked is not None
            and asked[0] == where
            and time.monotonic() - asked[1] <= REMOVE_SECONDS
        ):
            return True
        self._remove_asked = (where, time.monotonic())
        tell(self, ask, timeout=REMOVE_SECONDS)
        return False

    def set_columns(self, table: DataTable) -> None:
        self._narrow = self.app.size.width < NARROW
        table.clear(columns=True)
        for heading, narrow in self.columns:
            table.add_column(heading, width=narrow if self._narrow else None)

    def on_resize(self, _event: events.Resize) -> None:
        if not self.columns or (self.app.size.width < NARROW) == self._narrow:
            return
        table = self.query_one(DataTable)
        keep = self.selected(table)
        self.set_columns(table)
        if self.whole is not None:
            self.show()
            if keep is not None:
                table.move_cursor(row=table.get_row_index(keep))

    def focus_first(self) -> None:
        """Where the keys go when the section is opened: its table, or else its text."""
        focusable = self.query("DataTable, VerticalScroll")
        if focusable:
            focusable.first().focus()

    def show_detail(self) -> None:
        """Panes with a detail box show the entry under the cursor there."""

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def current(self) -> Doc | None:
        """The entry under the table's cursor."""
        number = self.selected(self.query_one(DataTable))
        if number is None or self.whole is None:
            return None
        return next((d for d in self.whole[self.entries] if str(d["number"]) == number), None)

    def fill_table(self, table: DataTable, rows: list[tuple[Any, list[Any]]]) -> None:
        """Replace the rows, keeping the cursor on the same entry where it still exists, and
        where it was when it was taken out."""
        keep, at = None, table.cursor_row
        if table.row_count and at >= 0:
            keep = table.coordinate_to_cell_key((at, 0)).row_key.value
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=str(key))
        if keep is not None and any(str(key) == keep for key, _c in rows):
            table.move_cursor(row=table.get_row_index(keep))
        elif keep is not None and rows:
            table.move_cursor(row=min(at, len(rows) - 1))

    def selected(self, table: DataTable) -> str | None:
        """The short number of the entry under the cursor, or None on an empty table."""
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
