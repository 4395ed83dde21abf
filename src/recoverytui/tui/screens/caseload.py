"""The caseload: the worker alone, choosing whom to open. Never shown in a locked session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from recoverytui.core import dates
from recoverytui.core.crisis import is_due
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.core.needs import is_open
from recoverytui.tui.text import cell, shown


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
            "escape,q", "app.quit", _("Quit"), id="caseload-quit", tooltip=_("Close recoverytui.")
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            shown(
                _("Caseload · week {week}").format(week=dates.week_key(dates.today()).split("W")[1])
            ),
            id="caseload-header",
        )
        table = DataTable(id="caseload-table", cursor_type="row")
        table.add_columns(
            _("Handle"), _("Name"), _("Review this week"), _("Crisis plan by"), _("Plan")
        )
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        store = self.app.store  # type: ignore[attr-defined]
        week = dates.week_key(dates.today())
        for client in store.clients():
            try:
                with store.plan(client["id"]) as plan:
                    whole = plan.whole()
            except PlanError:
                table.add_row(
                    cell(client["handle"]),
                    cell(client["name"]),
                    cell("-"),
                    cell("-"),
                    cell(_("can't be read; see recovery doctor")),
                    key=client["id"],
                )
                continue
            review = next((r for r in whole.get("reviews", []) if r["week"] == week), None)
            held = review and review.get("stage") == "done"
            due = _("held this week") if held else _("not held yet")
            active = sum(1 for g in whole["goals"] if g["status"] == "active")
            still_open = sum(1 for i in whole["needs"] if is_open(i))
            picture = _("goals: {goals} · ladder: {areas} · open needs: {needs}")
            table.add_row(
                cell(client["handle"]),
                cell(client["name"]),
                cell(due),
                cell(crisis_by(whole["crisis"])),
                cell(picture.format(goals=active, areas=len(whole["areas"]), needs=still_open)),
                key=client["id"],
            )

    def action_open(self) -> None:
        from recoverytui.tui.screens.plan import PlanScreen

        table = self.query_one(DataTable)
        if not table.row_count:
            return
        client_id = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        self.app.push_screen(PlanScreen(str(client_id), locked=False))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [(_("caseload: open the plan under the cursor"), _("Open it."), self.action_open)]


def crisis_by(crisis: dict[str, Any]) -> str:
    """When the crisis plan is to be gone through again; said plainly once the day has come."""
    if not crisis.get("revise_by"):
        return "-"
    if is_due(crisis, dates.today()):
        return _("{date} (due)").format(date=crisis["revise_by"])
    return str(crisis["revise_by"])
