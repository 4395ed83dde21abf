"""What the plan's sections share: the whole plan handed down after every read, and a table
whose rows are entries found by their short number."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from recoverytui.core.errors import PlanError
from recoverytui.core.plan import Plan
from recoverytui.tui.plan_access import PlanAccess
from recoverytui.tui.text import tell
from recoverytui.tui.widgets.buttons import ActionButtons

Doc = dict[str, Any]
# A second press of remove within this many seconds takes the entry out.
REMOVE_SECONDS = 3.0
# What a table leaves of the screen's width: the pane's padding and the table's scrollbar.
TABLE_MARGIN = 4


@dataclass(frozen=True)
class Column:
    """A table's column. Long text may narrow to `least` and end in …; a column with `give`
    is left out when even the narrowed columns don't fit, the highest `give` first. The
    detail below the table has every column's text whole."""

    heading: str
    least: int | None = None
    give: int = 0


def _width(content: object) -> int:
    return cell_len(content.plain if isinstance(content, Text) else str(content))


def fit(columns: Sequence[Column], rows: Sequence[Sequence[Any]], room: int) -> list[int | None]:
    """Each column's width in `room` cells, None for a column left out: what identifies the
    row and the short columns stay whole, long text narrows, then columns give way."""
    natural = [
        max([_width(column.heading)] + [_width(row[index]) for row in rows if index < len(row)])
        for index, column in enumerate(columns)
    ]
    # Each column takes one cell of padding on either side.
    least = [
        min(width, column.least) if column.least is not None else width
        for column, width in zip(columns, natural, strict=True)
    ]
    shown = list(range(len(columns)))
    while sum(least[i] + 2 for i in shown) > room:
        giving = [i for i in shown if columns[i].give]
        if not giving:
            break
        shown.remove(max(giving, key=lambda i: (columns[i].give, i)))
    widths: list[int | None] = [None] * len(columns)
    for i in shown:
        widths[i] = least[i]
    # What room is left goes to the narrowed text, evenly, up to each one's whole width.
    spare = room - sum(least[i] + 2 for i in shown)
    growing = [i for i in shown if least[i] < natural[i]]
    while spare > 0 and growing:
        share = max(1, spare // len(growing))
        for i in list(growing):
            width = widths[i]
            assert width is not None
            step = min(share, natural[i] - width, spare)
            widths[i] = width + step
            spare -= step
            if widths[i] == natural[i]:
                growing.remove(i)
            if spare <= 0:
                break
    return widths


def heading(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")


def show_rows(
    table: DataTable,
    columns: Sequence[Column],
    rows: Sequence[tuple[Any, Sequence[Any]]],
    room: int | None = None,
) -> None:
    """Fit the columns to `room` (the screen's width less TABLE_MARGIN), then replace the
    rows, keeping the cursor on the same entry where it still exists, and where it was when
    it was taken out."""
    keep, at = None, table.cursor_row
    if table.row_count and at >= 0:
        keep = table.coordinate_to_cell_key((at, 0)).row_key.value
    if room is None:
        room = table.app.size.width - TABLE_MARGIN
    widths = fit(columns, [cells for _key, cells in rows], room)
    layout = [(c.heading, w) for c, w in zip(columns, widths, strict=True) if w is not None]
    current = [(str(c.label.plain), c.width) for c in table.ordered_columns]
    if layout != current:
        table.clear(columns=True)
        for text, width in layout:
            table.add_column(heading(text), width=width)
    else:
        table.clear()
    for key, cells in rows:
        shown = [content for content, w in zip(cells, widths, strict=False) if w is not None]
        table.add_row(*shown, key=str(key))
    if keep is not None and any(str(key) == keep for key, _c in rows):
        table.move_cursor(row=table.get_row_index(keep))
    elif keep is not None and rows:
        table.move_cursor(row=min(at, len(rows) - 1))


class PlanPane(Vertical):
    whole: Doc | None = None
    entries = ""  # the list of the plan this pane's table shows: goals, areas, …
    # The table's headings, each with its width on a narrow screen (None: as wide as its text).
    # The detail below the table has the long text whole.
    columns: tuple[Column, ...] = ()
    _fitted_to = 0  # the screen width the tables were last fitted to
    _remove_asked: tuple[str, float] | None = None
    # The section's actions as buttons on top, made from its bindings (False: it has its own).
    action_buttons = True

    class ChangeRefused(Message):
        """A change from a single key was refused: the plan may have moved on meanwhile."""

    def __init__(self, access: PlanAccess, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.access = access

    def on_mount(self) -> None:
        if self.action_buttons and type(self).BINDINGS and not self.query_children(ActionButtons):
            self.mount(ActionButtons(type(self).BINDINGS, classes="action-buttons"), before=0)
        # A section built after the screen's first read takes the plan it read.
        if self.whole is None and self.access.whole is not None:
            self.update_plan(self.access.whole)

    def change_or_say(self, operation: Callable[[Plan], Any], *, done: str) -> None:
        """A change from a single key: say that it was done, or why it wasn't."""
        try:
            self.access.change(operation)
        except PlanError as error:
            tell(self, str(error), severity="warning", timeout=8)
            self.post_message(self.ChangeRefused())
        else:
            tell(self, done)

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
        """The table's headings before the first rows come: fill_table fits them."""
        for column in self.columns:
            table.add_column(heading(column.heading))

    def on_resize(self, _event: events.Resize) -> None:
        # Each show fits the tables to the screen's width again.
        if self.whole is not None and self.app.size.width != self._fitted_to:
            self.show()

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

    def fill_table(
        self,
        table: DataTable,
        rows: Sequence[tuple[Any, Sequence[Any]]],
        columns: Sequence[Column] | None = None,
    ) -> None:
        """Replace the rows, with the columns fitted to the screen (see show_rows)."""
        self._fitted_to = self.app.size.width
        show_rows(table, self.columns if columns is None else columns, rows)

    def selected(self, table: DataTable) -> str | None:
        """The short number of the entry under the cursor, or None on an empty table."""
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
