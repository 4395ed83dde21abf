"""This week: the weekly review, and the small steps agreed last time that it starts from."""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from recoverytui.core import dates
from recoverytui.core.crisis import noticed_lines
from recoverytui.core.documents import said_by
from recoverytui.core.i18n import _
from recoverytui.core.reviews import latest_agreed
from recoverytui.tui.text import Hanging, shown, tell
from recoverytui.tui.widgets.pane import PlanPane


class WeekPane(PlanPane):
    BINDINGS = [
        Binding(
            "r,enter",
            "review",
            _("Weekly review"),
            id="week-review",
            tooltip=_("Walk through the week together: goals, ladder, needs, your words."),
        ),
        Binding(
            "p",
            "print_week",
            _("Print week"),
            id="week-print",
            tooltip=_("Write this week's progress sheet as a PDF, to print or keep."),
        ),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="week-box", can_focus=True):
            yield Hanging("", id="week")

    def show(self) -> None:
        assert self.whole is not None
        week = dates.week_key(dates.today())
        reviews = self.whole.get("reviews", [])
        this = next((r for r in reviews if r["week"] == week), None)
        lines = [dates.week_in_words(week), ""]
        if this is None:
            lines.append(_("No review yet this week. Press r to start one."))
        else:
            done = this.get("stage") == "done"
            lines.append(
                _("Review held {date}").format(date=this["held"])
                if done
                else _("Review started {date}; press r to go on.").format(date=this["held"])
            )
            if this.get("words"):
                lines.append(said_by(this["words"], this["voice"]))
            if this.get("hope") is not None:
                lines.append(_("Hope for the future: {hope} of 10").format(hope=this["hope"]))
            if this.get("signs"):
                lines += ["", _("Early warning signs noticed:")]
                signs = self.whole.get("crisis", {}).get("signs", [])
                lines += [f"  {line}" for line in noticed_lines(this["signs"], signs)]
            if this.get("agreed"):
                lines += ["", _("Small steps for next week")]
                lines += [f"  [{'x' if s['done'] else ' '}] {s['text']}" for s in this["agreed"]]
        before, since = latest_agreed(reviews, week)
        if since is not None:
            lines += ["", _("Agreed in week {week}:").format(week=since.split("W")[1])]
            lines += [f"  [{'x' if s['done'] else ' '}] {s['text']}" for s in before]
        self.query_one("#week", Static).update(shown("\n".join(lines)))

    def action_print_week(self) -> None:
        self._print_week(dates.today())

    @work(thread=True, exclusive=True, group="print")
    def _print_week(self, today: dt.date) -> None:
        """Read, draw and write the sheet off the event loop; then say where it went."""
        # The report code, and the PDF library with it, loads only when a sheet is printed.
        from recoverytui.core.errors import PlanError
        from recoverytui.core.weekly import build_week_report
        from recoverytui.report import file_name, printouts_folder, render, write_private

        store = self.access.store
        try:
            with store.plan(self.access.client_id) as plan:
                report = build_week_report(
                    plan, dates.week_key(today), today=today, worker=store.worker_name()
                )
            path = printouts_folder(store.home) / file_name(report, "pdf")
            write_private(path, render(report, "pdf"))
        except (PlanError, OSError) as error:
            self.app.call_from_thread(tell, self, str(error), severity="error", timeout=10)
            return
        said = _("This week's sheet is in {path}").format(path=path)
        self.app.call_from_thread(tell, self, said, timeout=10)

    def action_review(self) -> None:
        from recoverytui.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.access))
