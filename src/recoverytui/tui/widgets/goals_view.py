"""Small goals: the list, and for the goal under the cursor its steps, dream and check-ins."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from recoverytui.core import dates, fields
from recoverytui.core.documents import (
    GOAL_STATUSES,
    progress_words,
    said_by,
    status_words,
)
from recoverytui.core.i18n import _
from recoverytui.core.road import best_per_week, last_weeks
from recoverytui.tui.text import Hanging, cell, shown
from recoverytui.tui.widgets.charts import week_chart
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane


class GoalsPane(PlanPane):
    entries = "goals"
    columns = (
        Column("#"),
        Column(_("Goal"), least=20),
        Column(_("Status")),
        Column(_("Due"), give=1),
        Column(_("Steps"), give=2),
        Column(_("Latest"), least=12),
    )
    BINDINGS = [
        Binding("a", "add", _("Add"), id="goal-add", tooltip=_("Write down a new small goal.")),
        Binding(
            "c",
            "check_in",
            _("Check in"),
            id="goal-check-in",
            tooltip=_("Record progress 0–4 on this goal, with a note."),
        ),
        Binding("e", "edit", _("Change"), id="goal-edit", tooltip=_("Change this goal.")),
        Binding(
            "t",
            "add_step",
            _("Add step"),
            id="goal-add-step",
            show=False,
            tooltip=_("Add a step on the way to this goal."),
        ),
        Binding(
            "d",
            "step_done",
            _("Step done"),
            id="goal-step-done",
            show=False,
            tooltip=_("Mark a step of this goal as done, or open again."),
        ),
        Binding(
            "w",
            "edit_step",
            _("Step words"),
            id="goal-edit-step",
            show=False,
            tooltip=_("Change the words of a step."),
        ),
        Binding(
            "s",
            "status",
            _("Status"),
            id="goal-status",
            tooltip=_("Say where this goal stands: active, reached, paused or let go."),
        ),
    ]

    def compose(self) -> ComposeResult:
        table = DataTable(id="goals-table", cursor_type="row", zebra_stripes=True)
        self.set_columns(table)
        yield table
        with VerticalScroll(id="goal-detail-box"):
            yield Hanging("", id="goal-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#goals-table", DataTable)

    def show(self) -> None:
        assert self.whole is not None
        latest: dict[str, Doc] = {}
        for checkin in self.whole["checkins"]:
            latest[checkin["goal_id"]] = checkin
        rows = []
        for goal in self.whole["goals"]:
            done = sum(1 for step in goal["steps"] if step["done"])
            last = latest.get(goal["id"])
            rows.append(
                (
                    goal["number"],
                    [
                        cell(goal["number"]),
                        cell(goal["title"]),
                        cell(status_words(goal["status"])),
                        cell(goal["due"] or "-"),
                        cell(f"{done}/{len(goal['steps'])}" if goal["steps"] else "-"),
                        cell(
                            f"{last['progress']} {progress_words(last['progress'])}"
                            if last
                            else "-"
                        ),
                    ],
                )
            )
        self.fill_table(self.table, rows)
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one("#goal-detail", Static)
        goal = self.current()
        if goal is None or self.whole is None:
            detail.update(shown(_("No goals yet. Press a to add one.")))
            return
        lines = [f"{goal['number']}. {goal['title']}  ({status_words(goal['status'])})"]
        if goal["due"]:
            day = dates.iso_date(goal["due"])
            assert day is not None
            lines.append(
                _("Due {date} ({when})").format(date=goal["due"], when=dates.humanize(day))
            )
        if goal["dream"]:
            dream = next((d for d in self.whole["dreams"] if d["number"] == goal["dream"]), None)
            if dream:
                lines.append(_("For the dream: {text}").format(text=dream["text"]))
        if goal.get("support"):
            lines.append(_("Support: {who}").format(who=goal["support"]))
        for step in goal["steps"]:
            mark = "[x]" if step["done"] else "[ ]"
            lines.append(f"  {mark} {step['number']}. {step['text']}")
        checkins = [c for c in self.whole["checkins"] if c["goal_id"] == goal["id"]]
        lines += ["", _("Progress over the last weeks (0–4):")]
        lines.append(week_chart(best_per_week(checkins), last_weeks(dates.today(), 8), top=4))
        for checkin in checkins[-3:]:
            if checkin["note"]:
                lines.append(f"{checkin['date']}  {said_by(checkin['note'], checkin['voice'])}")
        detail.update(shown("\n".join(lines)))

    # Actions --------------------------------------------------------------------------------

    def action_add(self) -> None:
        from recoverytui.tui.screens.forms.goal_form import GoalForm, step_lines

        assert self.whole is not None

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.add_goal(
                    values["title"],
                    due=values["due"],
                    dream=values["dream"],
                    area=values["area"],
                    support=values["support"],
                    steps=step_lines(values["steps"]),
                    voice=voice,
                )
            )

        self.app.push_screen(GoalForm(save, dreams=self.whole["dreams"]), self.show_goal)

    def show_goal(self, goal: Doc | None) -> None:
        """Put the cursor on a goal just added, so its details show."""
        if goal:
            self.table.move_cursor(row=self.table.get_row_index(str(goal["number"])))

    def action_edit(self) -> None:
        from recoverytui.tui.screens.forms.goal_form import GoalForm

        goal = self.current()
        if goal is None or self.whole is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.edit_goal(
                    goal["number"],
                    title=values["title"],
                    due=values["due"],
                    dream=values["dream"],
                    area=values["area"],
                    support=values["support"],
                    # The form's: after a change made elsewhere, the newer one it showed.
                    revision=form.based_on["revision"],
                )
            )

        form = GoalForm(save, goal, dreams=self.whole["dreams"])
        self.app.push_screen(form)

    def action_check_in(self) -> None:
        from recoverytui.tui.screens.form import given
        from recoverytui.tui.screens.forms.checkin_form import CheckInForm, new_note

        goal = self.current()
        if goal is None:
            return

        assert self.whole is not None
        day = dates.today().isoformat()
        today = next(
            (c for c in self.whole["checkins"] if c["goal_id"] == goal["id"] and c["date"] == day),
            None,
        )

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.check_in(
                    goal["number"],
                    fields.progress(values["progress"]),
                    note=new_note(values["note"], today),
                    on=given(values["date"]),
                    voice=voice,
                )
            )

        self.app.push_screen(CheckInForm(save, goal, today))

    def action_add_step(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        goal = self.current()
        if goal is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.add_step(
                    goal["number"], values["text"], voice=voice, revision=goal["revision"]
                )
            )

        self.app.push_screen(
            TextForm(
                save,
                title=_("A step on the way to: {title}").format(**goal),
                label=_("The step"),
                check=fields.goal_step,
            )
        )

    def action_step_done(self) -> None:
        from recoverytui.tui.screens.form import Field, given
        from recoverytui.tui.screens.forms.goal_form import first_words
        from recoverytui.tui.screens.forms.text_form import TextForm

        goal = self.current()
        if goal is None or not goal["steps"]:
            return
        first_open = next((s for s in goal["steps"] if not s["done"]), goal["steps"][-1])

        def save(values: dict[str, str], voice: str) -> Doc:
            undo = values["undo"].strip().lower() in ("y", "yes", "ja", "j")
            return self.access.change(
                lambda plan: plan.complete_step(
                    goal["number"],
                    values["text"],
                    on=given(values["date"]),
                    undo=undo,
                    revision=goal["revision"],
                )
            )

        form = TextForm(
            save,
            title=_("A step done: {title}").format(**goal),
            label=_("Which step (its number or its words)"),
            value=str(first_open["number"]),
            buttons=[
                (f"{s['number']} {first_words(s['text'], 24)}", str(s["number"]))
                for s in goal["steps"]
            ],
            extra=[
                Field(
                    "date",
                    _("Day it was done (empty for today)"),
                    check=fields.past_day,
                    optional=True,
                ),
                Field(
                    "undo", _("Open it again instead? (yes / empty)"), buttons=[(_("yes"), "yes")]
                ),
            ],
        )
        form.with_voice = False
        self.app.push_screen(form)

    def action_edit_step(self) -> None:
        from recoverytui.tui.screens.form import Field
        from recoverytui.tui.screens.forms.text_form import TextForm

        goal = self.current()
        if goal is None or not goal["steps"]:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.edit_step(
                    goal["number"], values["text"], text=values["words"], revision=goal["revision"]
                )
            )

        form = TextForm(
            save,
            title=_("A step's words: {title}").format(**goal),
            label=_("Which step (its number)"),
            value=str(goal["steps"][0]["number"]),
            extra=[Field("words", _("The step, in new words"), check=fields.goal_step)],
        )
        form.with_voice = False
        self.app.push_screen(form)

    def action_status(self) -> None:
        from recoverytui.tui.screens.forms.choice_form import ChoiceForm

        goal = self.current()
        if goal is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_goal_status(
                    goal["number"],
                    values["choice"],
                    note=values["note"],
                    voice=voice,
                    revision=goal["revision"],
                )
            )

        self.app.push_screen(
            ChoiceForm(
                save,
                title=_("Where goal {number} stands: {title}").format(**goal),
                choices=GOAL_STATUSES,
                check=fields.goal_status,
                current=goal["status"],
                words=status_words,
                note=True,
            )
        )
