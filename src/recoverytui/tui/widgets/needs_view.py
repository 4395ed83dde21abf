"""Basic needs: the client's and the worker's ratings side by side, never merged."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from recoverytui.core import fields
from recoverytui.core.documents import RATINGS, change_words, check_rating, rating_words
from recoverytui.core.i18n import _
from recoverytui.core.needs import has_open_action, ratings_differ
from recoverytui.tui.text import Hanging, cell, shown
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane

DIFFER = "≠"


class NeedsPane(PlanPane):
    entries = "needs"
    columns = (
        Column("#"),
        Column(_("Need"), least=16),
        Column(_("Client says")),
        Column(_("Worker says")),
        Column(""),
        Column(_("Action"), least=12),
        Column(_("Who"), least=10, give=2),
        Column(_("Due"), give=1),
        Column(_("Checklist"), least=12, give=3),
    )
    BINDINGS = [
        Binding(
            "enter,r",
            "rate",
            _("Rate / agree"),
            id="need-rate",
            tooltip=_("Both ratings, and what was agreed to do: who, by when."),
        ),
        Binding(
            "x",
            "action_done",
            _("Action done"),
            id="need-done",
            tooltip=_("The agreed action for this need is done; once more takes it back."),
        ),
        Binding(
            "a",
            "add",
            _("Add"),
            id="need-add",
            tooltip=_("A need of the client's own, in one of their checklists."),
        ),
    ]

    def compose(self) -> ComposeResult:
        table = DataTable(id="needs-table", cursor_type="row")
        self.set_columns(table)
        yield table
        yield Static("", id="needs-legend")
        with VerticalScroll(id="need-detail-box"):
            yield Hanging("", id="need-detail")

    def show_detail(self) -> None:
        """The need under the cursor in full: both views, what was agreed, and its history."""
        detail = self.query_one("#need-detail", Static)
        item = self.current()
        if item is None or self.whole is None:
            detail.update("")
            return
        lines = [
            item["name"],
            _("The client says: {rating}").format(rating=rating_words(item["client_rating"])),
            _("The worker says: {rating}").format(rating=rating_words(item["worker_rating"])),
        ]
        if item["action"]:
            done = (
                _(" (done {date})").format(date=item["action_done"]) if item["action_done"] else ""
            )
            lines.append(_("Agreed: {action}{done}").format(action=item["action"], done=done))
            lines.append(
                _("Who: {who} · by: {due}").format(who=item["who"] or "-", due=item["due"] or "-")
            )
        lines += ["  " + change_words(change) for change in item["history"][-4:]]
        detail.update(shown("\n".join(lines)))

    @property
    def table(self) -> DataTable:
        return self.query_one("#needs-table", DataTable)

    def show(self) -> None:
        assert self.whole is not None
        titles = {d["key"]: d["title"] for d in self.whole["domains"]}
        rows = []
        for item in self.whole["needs"]:
            action = item["action"] or "-"
            if item["action"] and item["action_done"]:
                # Done first, so a narrowed column still says it.
                action = _("done: {action}").format(action=item["action"])
            rows.append(
                (
                    item["number"],
                    [
                        cell(item["number"]),
                        cell(item["name"]),
                        cell(rating_words(item["client_rating"])),
                        cell(rating_words(item["worker_rating"])),
                        cell(DIFFER if ratings_differ(item) else ""),
                        cell(action),
                        cell(item["who"] or "-"),
                        cell(item["due"] or "-"),
                        cell(titles.get(item["domain"], item["domain"])),
                    ],
                )
            )
        self.fill_table(self.table, rows)
        self.show_detail()
        self.query_one("#needs-legend", Static).update(
            shown(
                _(
                    "{mark} the client and the worker see it differently; both views are kept."
                ).format(mark=DIFFER)
            )
        )

    def action_rate(self) -> None:
        from recoverytui.tui.screens.form import Field, given
        from recoverytui.tui.screens.forms.text_form import TextForm

        item = self.current()
        if item is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.rate_need(
                    item["number"],
                    client_says=given(values["text"]),
                    worker_says=given(values["worker"]),
                    action=values["action"],
                    who=values["who"],
                    due=values["due"],
                    voice=voice,
                    revision=item["revision"],
                )
            )

        words = ", ".join(RATINGS)
        ratings = [(rating_words(rating), rating) for rating in RATINGS]
        self.app.push_screen(
            TextForm(
                save,
                title=item["name"],
                label=_("The client says ({words})").format(words=words),
                value=item["client_rating"],
                check=check_rating,
                optional=True,  # an empty rating is left as it is
                buttons=ratings,
                extra=[
                    Field(
                        "worker",
                        _("The worker says ({words})").format(words=words),
                        item["worker_rating"],
                        check_rating,
                        optional=True,
                        buttons=ratings,
                    ),
                    Field(
                        "action",
                        _("What was agreed to do"),
                        item["action"] or "",
                        fields.need_action,
                    ),
                    Field("who", _("Who does it"), item["who"] or "", fields.who),
                    Field("due", _("By when"), item["due"] or "", fields.due),
                ],
            )
        )

    def action_action_done(self) -> None:
        item = self.current()
        if item is None or not item["action"]:
            self.app.notify(shown(_("No agreed action on this need.")))
            return
        # Pressed on one already done, it takes the mark back: a slip is mended the same way.
        done = has_open_action(item)
        said = _("Done: {action}") if done else _("Open again: {action}")
        self.change_or_say(
            lambda plan: plan.rate_need(
                item["number"], action_done=done, reopen=not done, revision=item["revision"]
            ),
            done=said.format(action=item["action"]),
        )

    def action_add(self) -> None:
        from recoverytui.tui.screens.form import Field
        from recoverytui.tui.screens.forms.text_form import TextForm

        assert self.whole is not None
        keys = ", ".join(d["key"] for d in self.whole["domains"])

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.add_need(values["text"], domain=values["domain"], voice=voice)
            )

        self.app.push_screen(
            TextForm(
                save,
                title=_("A need of the client's own"),
                label=_("The need, in plain words"),
                check=fields.need_name,
                extra=[
                    Field(
                        "domain",
                        _("Which checklist ({keys})").format(keys=keys),
                        self.whole["domains"][0]["key"] if self.whole["domains"] else "",
                        buttons=[(d["title"], d["key"]) for d in self.whole["domains"]],
                    )
                ],
            )
        )
